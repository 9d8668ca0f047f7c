import Foundation
import GantryBasics
import GantryHTTP

/// `Fixtures/fault_proxy.py` in front of moto: injects throttling and capacity errors,
/// answers canned bodies, and records every request it sees.
final class FaultProxy: @unchecked Sendable {
    let port: Int
    let process = Process()
    let http: HTTPClient
    var endpoint: String { "http://127.0.0.1:\(port)" }

    init(upstream: String, http: HTTPClient) throws {
        self.http = http
        port = try MotoServer.freePort()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", PythonRunner.fixtures + "/fault_proxy.py", String(port), upstream]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
    }

    func waitUntilReady() async throws {
        for _ in 0..<100 {
            if let r = try? await http.send(HTTPRequest(url: endpoint + "/_proxy/log", timeoutSeconds: 2)), r.status == 200 { return }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        throw MotoServer.Unavailable(description: "the fault proxy did not start on \(endpoint)")
    }

    func rules(_ rules: Value) async throws {
        _ = try await http.send(HTTPRequest(method: "POST", url: endpoint + "/_proxy/rules",
                                            headers: [("Content-Type", "application/json")], body: JSON.encodeBytes(rules)))
    }

    /// Every request seen: `{action, method, path, body}`.
    func log() async throws -> [Value] {
        let text = try await http.send(HTTPRequest(url: endpoint + "/_proxy/log")).text
        return try text.split(separator: "\n").map { try JSON.parse(String($0)) }
    }

    func stop() {
        // SIGKILL: a child started from a test thread may inherit a mask that blocks SIGTERM.
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}
