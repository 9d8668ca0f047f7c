import Foundation
import GantryGit
import XCTest

/// Fetching over ssh:// from a real sshd with a key file, checking the host key against
/// known_hosts — plain and hashed entries — as `ssh` does with StrictHostKeyChecking.
final class GitSSHTests: XCTestCase {
    private var user: String { getpwuid(getuid()).map { String(cString: $0.pointee.pw_name) } ?? "root" }

    private func source(_ fixture: GitFixture, _ server: SSHServer, knownHosts: String, key: String? = nil,
                        cache: String = "cache") -> GitSource {
        GitSource(url: "ssh://\(user)@127.0.0.1:\(server.port)\(fixture.repository.path)", reference: .branch("main"),
                  path: "infra", cacheDirectory: fixture.root.appendingPathComponent(cache).path,
                  credentials: .sshKey(username: user, privateKey: key ?? server.userKey, publicKey: nil,
                                       passphrase: nil, knownHosts: knownHosts))
    }

    func testFetchesWithAKeyCheckingPlainAndHashedKnownHosts() async throws {
        try XCTSkipUnless(GitSource.capabilities.ssh, "this libgit2 has no SSH transport")
        let fixture = try GitFixture()
        let commit = try fixture.commit("A", ["infra/main.yaml": "project: a\n"])
        let server = try await SSHServer.start(in: fixture.root.appendingPathComponent("ssh"))
        defer { server.process.stop() }
        let knownHosts = fixture.root.appendingPathComponent("known_hosts").path
        try server.knownHostsLine.write(toFile: knownHosts, atomically: true, encoding: .utf8)

        let plain = try await source(fixture, server, knownHosts: knownHosts).snapshot(timeout: .seconds(60))
        XCTAssertEqual(plain.revision.commit, commit)
        XCTAssertEqual(plain.files.map(\.path), ["infra/main.yaml"])

        // `ssh-keygen -H` replaces the host name with |1|salt|HMAC-SHA1 (HashKnownHosts yes).
        try GitFixture.run("/usr/bin/ssh-keygen", ["-H", "-f", knownHosts])
        let hashed = try String(contentsOfFile: knownHosts, encoding: .utf8)
        XCTAssertTrue(hashed.hasPrefix("|1|") && !hashed.contains("127.0.0.1"), hashed)
        let again = try await source(fixture, server, knownHosts: knownHosts, cache: "cache2").snapshot(timeout: .seconds(60))
        XCTAssertEqual(again.revision.commit, commit)
    }

    func testAnUnknownOrChangedHostKeyOrARefusedUserKeyFailsAsAuthentication() async throws {
        try XCTSkipUnless(GitSource.capabilities.ssh, "this libgit2 has no SSH transport")
        let fixture = try GitFixture()
        try fixture.commit("A", ["infra/main.yaml": "project: a\n"])
        let server = try await SSHServer.start(in: fixture.root.appendingPathComponent("ssh"))
        defer { server.process.stop() }
        let knownHosts = fixture.root.appendingPathComponent("known_hosts").path

        // Not listed at all.
        try "".write(toFile: knownHosts, atomically: true, encoding: .utf8)
        await assertAuthenticationFailure(source(fixture, server, knownHosts: knownHosts),
                                          "[127.0.0.1]:\(server.port) is not in \(knownHosts)")

        // Listed with another key: a man in the middle, or a reinstalled server.
        let other = fixture.root.appendingPathComponent("other_host_key").path
        try GitFixture.run("/usr/bin/ssh-keygen", ["-q", "-t", "ecdsa", "-N", "", "-f", other])
        let otherKey = try String(contentsOfFile: other + ".pub", encoding: .utf8).split(separator: " ").prefix(2)
        try "[127.0.0.1]:\(server.port) \(otherKey.joined(separator: " "))\n"
            .write(toFile: knownHosts, atomically: true, encoding: .utf8)
        await assertAuthenticationFailure(source(fixture, server, knownHosts: knownHosts), "does not match")

        // The right host, a user key the server does not accept.
        try server.knownHostsLine.write(toFile: knownHosts, atomically: true, encoding: .utf8)
        let stranger = fixture.root.appendingPathComponent("stranger").path
        try GitFixture.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", stranger])
        await assertAuthenticationFailure(source(fixture, server, knownHosts: knownHosts, key: stranger),
                                          "rejected the credentials")
    }

    private func assertAuthenticationFailure(_ source: GitSource, _ text: String,
                                             line: UInt = #line) async {
        do {
            _ = try await source.snapshot(timeout: .seconds(60))
            XCTFail("expected an authentication failure", line: line)
        } catch {
            XCTAssertEqual(error.kind, .authentication, error.description, line: line)
            XCTAssertTrue(error.description.contains(text), error.description, line: line)
        }
    }
}
