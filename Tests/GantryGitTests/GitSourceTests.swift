import Foundation
import GantryGit
import XCTest

/// Fetching real repositories (made with the git CLI) over file://, git:// and a hung server.
final class GitSourceTests: XCTestCase {
    private func source(_ fixture: GitFixture, url: String? = nil, ref: GitReference = .branch("main"),
                        path: String = "infra") -> GitSource {
        GitSource(url: url ?? fixture.fileURL, reference: ref, path: path, cacheDirectory: fixture.cache)
    }

    func testReadsTheSpecDirectoryOfTheNewestCommitWithoutACheckout() async throws {
        let fixture = try GitFixture()
        try fixture.commit("A", ["infra/main.yaml": "project: a\n", "infra/notes.txt": "x", "README.md": "r"])
        let first = try await source(fixture).snapshot(timeout: .seconds(60))
        XCTAssertEqual(first.files.map(\.path), ["infra/main.yaml"])
        XCTAssertEqual(first.summary, "A")

        let b = try fixture.commit("B", ["infra/pools.yml": "node_pools: {}\n"])
        let second = try await source(fixture).snapshot(timeout: .seconds(60))
        XCTAssertEqual(second.revision.description, "main@sha1:\(b)")
        XCTAssertEqual(second.files.map(\.path), ["infra/main.yaml", "infra/pools.yml"])
        XCTAssertEqual(String(decoding: second.files[1].bytes, as: UTF8.self), "node_pools: {}\n")
        // A bare cache: objects, no working tree.
        XCTAssertTrue(FileManager.default.fileExists(atPath: fixture.cache + "/HEAD"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: fixture.cache + "/infra"))
        XCTAssertNil(second.signature)
    }

    func testResolvesTagsAndSemverRanges() async throws {
        let fixture = try GitFixture()
        let one = try fixture.commit("one", ["infra/a.yaml": "v: 1\n"])
        try fixture.git("tag", "v1.0.0")
        let two = try fixture.commit("two", ["infra/a.yaml": "v: 2\n"])
        try fixture.git("tag", "-a", "v1.2.0", "-m", "annotated")
        try fixture.commit("three", ["infra/a.yaml": "v: 3\n"])
        try fixture.git("tag", "v2.0.0")

        let tagged = try await source(fixture, ref: .tag("v1.0.0")).snapshot(timeout: .seconds(60))
        XCTAssertEqual(tagged.revision.description, "v1.0.0@sha1:\(one)")
        let ranged = try await source(fixture, ref: GitReference.parse("semver:^1.0")).snapshot(timeout: .seconds(60))
        XCTAssertEqual(ranged.revision.description, "v1.2.0@sha1:\(two)", "annotated tags peel to their commit")
    }

    func testMissingBranchAndPathAreReportedByName() async throws {
        let fixture = try GitFixture()
        try fixture.commit("A", ["infra/main.yaml": "project: a\n"])
        do {
            _ = try await source(fixture, ref: .branch("prod")).snapshot(timeout: .seconds(60))
            XCTFail("expected an error")
        } catch {
            XCTAssertEqual(error.kind, .referenceNotFound)
            XCTAssertTrue(error.description.contains("'prod'"), error.description)
        }
        do {
            _ = try await source(fixture, path: "clusters/prod").snapshot(timeout: .seconds(60))
            XCTFail("expected an error")
        } catch {
            XCTAssertEqual(error.kind, .pathNotFound)
            XCTAssertTrue(error.description.contains("clusters/prod"), error.description)
        }
    }

    func testFailuresNameTheLibgit2Function() async throws {
        let fixture = try GitFixture()
        do {
            _ = try await source(fixture, url: "file:///nonexistent/repo").snapshot(timeout: .seconds(60))
            XCTFail("expected an error")
        } catch {
            XCTAssertEqual(error.function, "git_remote_fetch")
            XCTAssertFalse(error.message.isEmpty)
        }
    }

    func testFetchesOverGitDaemon() async throws {
        let fixture = try GitFixture()
        let first = try fixture.commit("A", ["infra/main.yaml": "project: a\n"])
        let daemon = try await GitDaemon.start(basePath: fixture.root.path)
        defer { daemon.stop() }
        let url = "git://127.0.0.1:\(daemon.port)/repo"
        let snapshot = try await source(fixture, url: url).snapshot(timeout: .seconds(60))
        XCTAssertEqual(snapshot.revision.commit, first)
        XCTAssertEqual(snapshot.files.map(\.path), ["infra/main.yaml"])
        // A second fetch into the same cache picks up the new commit (an incremental fetch).
        let second = try fixture.commit("B", ["infra/pools.yaml": "node_pools: {}\n"])
        let next = try await source(fixture, url: url).snapshot(timeout: .seconds(60))
        XCTAssertEqual(next.revision.commit, second)
        XCTAssertEqual(next.files.map(\.path), ["infra/main.yaml", "infra/pools.yaml"])
    }

    func testAServerThatNeverAnswersTimesOutAndLaterFetchesStillWork() async throws {
        let fixture = try GitFixture()
        try fixture.commit("A", ["infra/main.yaml": "project: a\n"])
        let silent = try SilentServer()
        let hung = GitSource(url: "git://127.0.0.1:\(silent.port)/repo", reference: .branch("main"), path: "infra",
                             cacheDirectory: fixture.root.appendingPathComponent("hung-cache").path)
        do {
            _ = try await hung.snapshot(timeout: .milliseconds(300))
            XCTFail("expected a timeout")
        } catch {
            XCTAssertEqual(error.kind, .timeout)
            XCTAssertTrue(error.description.contains("did not finish"), error.description)
        }
        // `abandonedOperations` is a gauge of threads still blocked right now; the hung one may
        // already have given up by the time it is read, so only its effect is asserted:
        // the abandoned operation does not wedge other work.
        let snapshot = try await source(fixture).snapshot(timeout: .seconds(60))
        XCTAssertEqual(snapshot.files.count, 1)
    }
}
