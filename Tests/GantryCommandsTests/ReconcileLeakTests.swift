import Foundation
import GantryProviderKit
import XCTest
@testable import GantryCommands

/// A reconcile service runs for weeks: each run must give back the threads and processes it
/// started. Runs the real `reconcile --once` in this process, with the sim provider as a
/// plugin process, and counts this process's threads and children before and after.
final class ReconcileLeakTests: XCTestCase {
    func testRunsLeaveNoThreadsOrPluginProcessesBehind() async throws {
        let pluginDirectory = try XCTUnwrap(PluginDiscovery.runningExecutableDirectory())
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: pluginDirectory + "/gantry-provider-sim"),
                      "the sim plugin is built next to the tests, so each run starts a plugin process")
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("gantry-leak-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let repository = root.appendingPathComponent("repo")
        try FileManager.default.createDirectory(at: repository.appendingPathComponent("infra"),
                                                withIntermediateDirectories: true)
        let quickstart = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Examples/quickstart/gantry.yaml")
        try FileManager.default.copyItem(at: quickstart, to: repository.appendingPathComponent("infra/gantry.yaml"))
        try git(repository, "init", "-q", "-b", "main")
        try git(repository, "add", "-A")
        try git(repository, "-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "-q", "-m", "A")
        let words = ["reconcile", "--repo", "file://" + repository.path, "--path", "infra",
                     "-C", root.appendingPathComponent("state").path, "--once", "--log-format", "json"]

        // The first runs start what lives for the whole process: libgit2 and its CA store,
        // the cooperative pool's and libdispatch's worker threads.
        for _ in 0..<3 { try await reconcileOnce(words) }
        let threadsBefore = Self.threadCount()
        let cycles = 20
        for _ in 0..<cycles { try await reconcileOnce(words) }
        let threadsAfter = Self.threadCount()

        // A leak of even one thread per run shows as +20; the slack covers pool workers that
        // come and go, and is independent of how many runs there were.
        XCTAssertLessThanOrEqual(threadsAfter, threadsBefore + 6,
                                 "threads grew from \(threadsBefore) to \(threadsAfter) over \(cycles) runs")
        XCTAssertEqual(ChildProcesses.current(), [], "every run's plugin process was stopped and reaped")
    }

    private func reconcileOnce(_ words: [String]) async throws {
        let output = CapturedOutput(), errors = CapturedOutput()
        let code = await Gantry.run(words, in: CommandContext(output: output, errorOutput: errors, workingDirectory: "/"))
        XCTAssertEqual(code, .success, errors.text)
        XCTAssertTrue(errors.text.contains("\"msg\":\"run finished\""), errors.text)
    }

    /// Threads of this process, from `/proc/self/task`.
    private static func threadCount() -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task").count) ?? 0
    }

    private func git(_ directory: URL, _ arguments: String...) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "git \(arguments.joined(separator: " "))")
    }
}

