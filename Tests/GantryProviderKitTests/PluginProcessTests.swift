import Foundation
import GantryBasics
import GantryProviderKit
import Synchronization
import XCTest

/// Real child processes misbehaving: dying mid-call, hanging, writing garbage.
final class PluginProcessTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("gantry-proc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    /// A Python plugin that handshakes as `echo`, answers configure, then runs `onCall`
    /// (Python statements with `m` the message) for every other request.
    private func plugin(_ onCall: String) throws -> String {
        let path = directory.appendingPathComponent("gantry-provider-echo").path
        let script = """
            #!/usr/bin/env python3
            import json, os, signal, sys, time
            for line in sys.stdin:
                m = json.loads(line)
                if m["method"] == "initialize":
                    print(json.dumps({"jsonrpc": "2.0", "id": m["id"], "result": {"protocol_version": 1, "name": "echo", "version": "1"}}), flush=True)
                elif m["method"] in ("configure", "shutdown"):
                    print(json.dumps({"jsonrpc": "2.0", "id": m["id"], "result": {}}), flush=True)
                elif "id" in m:
                    print("log: " + m["method"], file=sys.stderr, flush=True)
                    \(onCall)
            """
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        return path
    }

    private let request = CreateRequest(address: "r.echo_thing.a", type: "echo_thing", attributes: [:], intentToken: "t")

    func testAPluginKilledDuringACreateFailsItAsUnknownAndIsRestarted() async throws {
        let logs = LogLines()
        let host = PluginProvider(name: "echo", executable: try plugin("os.kill(os.getpid(), signal.SIGKILL)"),
                                  options: PluginHostOptions(log: { logs.append($0) }))
        try await host.configure(ConfigureRequest(config: [:], workingDirectory: directory.path))
        let results = await host.create([request])
        guard case .failure(let address, let error) = results.first else { return XCTFail("\(results)") }
        XCTAssertEqual(address, "r.echo_thing.a")
        XCTAssertEqual(error.message, "plugin `echo` exited (signal 9) during create of r.echo_thing.a: outcome unknown")
        XCTAssertTrue(error.outcomeUnknown)
        XCTAssertFalse(error.isRetryable, "a create that may have happened is never retried blindly")
        let logged = await logs.eventually("[provider echo] log: create")
        XCTAssertTrue(logged, "stderr is forwarded with the provider's name: \(logs.lines)")
        // The next call starts a new process (and configures it again): the create reaches it,
        // and it dies the same way — its last stderr line forwarded before its death is reported.
        let again = await host.create([request])
        XCTAssertEqual(again.count, 1, "\(again)")
        guard case .failure(_, let second) = again.first else { return XCTFail("\(again)") }
        XCTAssertEqual(second.message, "plugin `echo` exited (signal 9) during create of r.echo_thing.a: outcome unknown")
        XCTAssertEqual(logs.lines.filter { $0 == "[provider echo] log: create" }.count, 2,
                       "the restarted plugin's last words are in the log by the time its failure is: \(logs.lines)")
        await host.shutdown()
    }

    func testAHangingCallTimesOutAndGarbageIsQuoted() async throws {
        var options = PluginHostOptions()
        options.callTimeout = .milliseconds(300)
        let hanging = PluginProvider(name: "echo", executable: try plugin("pass"), options: options)
        do {
            _ = try await hanging.schema()
            XCTFail("schema should time out")
        } catch let error as ProviderError {
            XCTAssertEqual(error.message, "plugin `echo` did not answer schema within 0.3s")
            XCTAssertEqual(error.providerCode, "PluginTimeout")
        }
        await hanging.shutdown()

        let noisy = PluginProvider(name: "echo", executable: try plugin(#"print("\x00binary\tjunk", flush=True)"#))
        do {
            _ = try await noisy.schema()
            XCTFail("schema should fail")
        } catch let error as ProviderError {
            XCTAssertTrue(error.message.hasPrefix(#"plugin `echo` wrote "\x00binary\tjunk" to stdout, which is not a protocol message"#),
                          error.message)
        }
        await noisy.shutdown()
    }
}

/// Collects log lines from the plugin's stderr thread.
final class LogLines: Sendable {
    private let stored = Mutex<[String]>([])
    var lines: [String] { stored.withLock { $0 } }
    func append(_ line: String) { stored.withLock { $0.append(line) } }

    /// Whether `count` lines equal to `line` arrive; the log has its own thread, so wait
    /// for it a while rather than assume it is already in.
    func eventually(_ line: String, count: Int = 1) async -> Bool {
        for _ in 0..<500 {
            if lines.filter({ $0 == line }).count >= count { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return false
    }
}
