import Foundation
import XCTest

/// `gantry reconcile` against real repositories made with the git CLI, served over file://.
final class ReconcileTests: XCTestCase, ReconcileScenario {
    func testOnceAppliesAndRecordsTheRevision() throws {
        let gantry = try GantryBinary.locate()
        let scratch = try newRepository()
        try commit(scratch, try spec(), "A")
        let result = try gantry.run(reconcileArguments(scratch, ["--once"]), in: scratch.url)
        XCTAssertEqual(result.exitCode, 0, result.transcript)
        XCTAssertTrue(result.errors.contains("\"result\":\"applied\""), result.transcript)
        XCTAssertTrue(try simList(gantry, scratch).contains("sim_node_group"))
        let state = Poll.text(scratch.url.appendingPathComponent("state/.gantry/state.json"))
        XCTAssertTrue(state.contains("reconcile.lastAppliedRevision") && state.contains("main@sha1:"), state)
        // Drift-only mode reports and changes nothing.
        _ = try gantry.run(["sim", "set", "node_pools.l4-dev.sim_node_group.main", "desired_size", "2", "-C", "state"],
                           in: scratch.url)
        let drift = try gantry.run(reconcileArguments(scratch, ["--once", "--mode", "drift-only"]), in: scratch.url)
        XCTAssertTrue(drift.errors.contains("\"drifted\":\"1\""), drift.transcript)
        // Apply mode corrects it.
        let fixed = try gantry.run(reconcileArguments(scratch, ["--once"]), in: scratch.url)
        XCTAssertTrue(fixed.errors.contains("\"drifted\":\"1\"") && fixed.errors.contains("\"result\":\"applied\""),
                      fixed.transcript)
        let clean = try gantry.run(reconcileArguments(scratch, ["--once", "--mode", "drift-only"]), in: scratch.url)
        XCTAssertTrue(clean.errors.contains("\"drifted\":\"0\""), clean.transcript)
    }

    func testAppliesFromAGitDaemon() throws {
        let gantry = try GantryBinary.locate()
        let scratch = try newRepository()
        try commit(scratch, try spec(), "A")
        let port = try run("/usr/bin/python3", ["-c", "import socket\ns=socket.socket()\ns.bind(('127.0.0.1',0))\n"
                                                   + "print(s.getsockname()[1])"], input: nil)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let daemon = Process()
        daemon.executableURL = URL(fileURLWithPath: "/usr/lib/git-core/git-daemon")
        daemon.arguments = ["--base-path=\(scratch.url.path)", "--export-all", "--reuseaddr", "--listen=127.0.0.1",
                            "--port=\(port)", scratch.url.path]
        daemon.standardError = FileHandle.nullDevice
        try daemon.run()
        // SIGKILL: a child may inherit a signal mask in which SIGTERM is blocked.
        defer { kill(daemon.processIdentifier, SIGKILL); daemon.waitUntilExit() }
        // No wait for the daemon to listen: a refused fetch is retried, which is what the loop is for.
        let arguments = reconcileArguments(scratch).map {
            $0.hasPrefix("file://") ? "git://127.0.0.1:\(port)/repo" : $0
        }
        let log = scratch.url.appendingPathComponent("reconcile.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let process = try gantry.start(arguments, in: scratch.url, stderr: try FileHandle(forWritingTo: log))
        defer { process.terminate(); process.waitUntilExit() }
        XCTAssertTrue(Poll.until { Poll.text(log).contains("\"result\":\"applied\"") }, Poll.text(log))
        XCTAssertTrue(Poll.text(log).contains("git://127.0.0.1:\(port)/repo"), Poll.text(log))
        // A new commit is fetched over git:// into the same cache and applied.
        try commit(scratch, try spec(desired: "2"), "B")
        XCTAssertTrue(Poll.until { Poll.text(log).contains("\"change\":\"1\"") }, Poll.text(log))
        XCTAssertTrue(try simList(gantry, scratch).contains("sim_node_group"))
    }

    func testBrokenCommitStallsWithoutDestroyingAndAFixIsPickedUp() throws {
        let gantry = try GantryBinary.locate()
        let scratch = try newRepository()
        try commit(scratch, try spec(), "A")
        let log = scratch.url.appendingPathComponent("reconcile.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        let process = try gantry.start(reconcileArguments(scratch, ["--listen", "127.0.0.1:0"]), in: scratch.url,
                                       stderr: handle)
        defer { process.terminate(); process.waitUntilExit() }
        XCTAssertTrue(Poll.until { Poll.text(log).contains("\"result\":\"applied\"") }, Poll.text(log))
        let port = try XCTUnwrap(Poll.text(log).firstMatch(of: /port (\d+)/).map { String($0.1) })

        // B: a pool change is applied by a later run.
        try commit(scratch, try spec(desired: "2"), "B")
        XCTAssertTrue(Poll.until { Poll.text(log).components(separatedBy: "\"result\":\"applied\"").count >= 3 },
                      Poll.text(log))

        // C: broken. Stalled with the diagnostic and the revision; nothing destroyed.
        try commit(scratch, try spec() + "\nnode_pools: [this is not a map\n", "C broken")
        XCTAssertTrue(Poll.until { (try? self.curl("http://127.0.0.1:\(port)/status"))?.contains("BuildFailed") ?? false })
        let status = try curl("http://127.0.0.1:\(port)/status")
        XCTAssertTrue(status.contains("\"Stalled\""), status)
        XCTAssertTrue(status.contains("infra/gantry.yaml"), "the diagnostic names the file: \(status)")
        XCTAssertTrue(try simList(gantry, scratch).contains("sim_node_group"), "nothing destroyed")
        XCTAssertTrue(try curl("http://127.0.0.1:\(port)/readyz").contains("not ready"))

        // D: fixed; the next retry applies it and Ready comes back.
        try commit(scratch, try spec(desired: "1"), "D fix")
        XCTAssertTrue(Poll.until { (try? self.curl("http://127.0.0.1:\(port)/status"))?.contains("ReconciliationSucceeded") ?? false })
        let metrics = try curl("http://127.0.0.1:\(port)/metrics")
        XCTAssertTrue(metrics.contains("gantry_reconcile_total{result=\"invalid\"}"), metrics)
        XCTAssertTrue(metrics.contains("gantry_reconcile_duration_seconds_bucket"), metrics)
    }

    func testWebhookSignatures() throws {
        let gantry = try GantryBinary.locate()
        let scratch = try newRepository()
        try commit(scratch, try spec(), "A")
        let log = scratch.url.appendingPathComponent("reconcile.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let process = try gantry.start(reconcileArguments(scratch, ["--listen", "127.0.0.1:0", "--interval", "10m",
                                                                    "--webhook-secret-env", "HOOK_SECRET"]),
                                       in: scratch.url, environment: ["HOOK_SECRET": "s3cret"],
                                       stderr: try FileHandle(forWritingTo: log))
        defer { process.terminate(); process.waitUntilExit() }
        XCTAssertTrue(Poll.until { Poll.text(log).contains("run finished") }, Poll.text(log))
        let port = try XCTUnwrap(Poll.text(log).firstMatch(of: /port (\d+)/).map { String($0.1) })
        let body = #"{"ref":"refs/heads/main"}"#
        let signature = try run("/usr/bin/openssl", ["dgst", "-sha256", "-hmac", "s3cret"], input: body)
            .split(separator: " ").last.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
        let bad = try curl("http://127.0.0.1:\(port)/hook", post: body, header: "X-Hub-Signature-256: sha256=00\(signature)")
        XCTAssertTrue(bad.contains("rejected"), bad)
        let accepted = try curl("http://127.0.0.1:\(port)/hook", post: body, header: "X-Hub-Signature-256: sha256=\(signature)")
        XCTAssertTrue(accepted.contains("run triggered"), accepted)
        // The 10-minute interval would not start a second run; the webhook did.
        XCTAssertTrue(Poll.until { Poll.text(log).components(separatedBy: "run finished").count >= 3 }, Poll.text(log))
    }

    func testTwoReplicasOnOneStateOnlyOneApplies() throws {
        let gantry = try GantryBinary.locate()
        let scratch = try newRepository()
        try commit(scratch, try spec(), "A")
        let logs = (0..<2).map { scratch.url.appendingPathComponent("replica\($0).log") }
        var processes: [Process] = []
        for log in logs {
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            processes.append(try gantry.start(reconcileArguments(scratch, ["--interval", "100ms"]), in: scratch.url,
                                              stderr: try FileHandle(forWritingTo: log)))
        }
        defer { for process in processes { process.terminate(); process.waitUntilExit() } }
        XCTAssertTrue(Poll.until { logs.allSatisfy { Poll.text($0).components(separatedBy: "run finished").count >= 6 } })
        let applied = logs.map { Poll.text($0).components(separatedBy: "\"result\":\"applied\"").count - 1 }
        XCTAssertEqual(applied.reduce(0, +), 1, "exactly one replica applied the commit: \(applied)")
        XCTAssertEqual(try simList(gantry, scratch).components(separatedBy: "sim_node_group ").count - 1, 1,
                       "one node group, not two")
    }

    func testAHungGitServerTimesOutAndTheLoopGoesOn() throws {
        let gantry = try GantryBinary.locate()
        let scratch = try Scratch()
        // A listener that accepts connections and never answers.
        let listener = Process()
        listener.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        listener.arguments = ["-c", "import socket\ns=socket.socket()\ns.bind(('127.0.0.1',0))\ns.listen(16)\n"
            + "print(s.getsockname()[1],flush=True)\nheld=[]\nwhile True: held.append(s.accept())"]
        let portPipe = Pipe()
        listener.standardOutput = portPipe
        try listener.run()
        defer { listener.terminate(); listener.waitUntilExit() }
        let port = String(decoding: portPipe.fileHandleForReading.availableData, as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let log = scratch.url.appendingPathComponent("reconcile.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let process = try gantry.start(["reconcile", "--repo", "git://127.0.0.1:\(port)/repo", "-C", scratch.url.path,
                                        "--timeout", "300ms", "--interval", "100ms", "--retry-interval", "100ms",
                                        "--max-retry-interval", "200ms", "--log-format", "json"],
                                       in: scratch.url, stderr: try FileHandle(forWritingTo: log))
        defer { process.terminate(); process.waitUntilExit() }
        // Several timed-out runs in a row: each is reported and the loop carries on.
        XCTAssertTrue(Poll.until { Poll.text(log).components(separatedBy: "GitOperationTimeout").count >= 4 },
                      Poll.text(log))
        XCTAssertTrue(Poll.text(log).contains("did not finish within"), Poll.text(log))
        XCTAssertTrue(process.isRunning)
    }
}
