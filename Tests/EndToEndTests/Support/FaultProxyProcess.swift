import Foundation

/// `Tests/AWSProviderTests/Fixtures/fault_proxy.py` in front of a moto server, for scenarios
/// that drive the real binary against an AWS that runs short of capacity.
///
/// The proxy binds a port the kernel picks and prints it; its rules (see the script's
/// header) are fixed when it starts.
final class FaultProxyProcess {
    let process = Process()
    let port: Int

    var endpoint: String { "http://127.0.0.1:\(port)" }

    /// - Parameter rules: the proxy's rules as JSON text, e.g.
    ///   `{"launch_fail": [{"zone": "us-east-1a", "market": "spot"}]}`.
    init(upstream: String, rules: String) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Repository.root.appendingPathComponent("Tests/AWSProviderTests/Fixtures/fault_proxy.py").path,
                             "0", upstream, rules]
        port = try process.runReportingPort(failure: "the fault proxy did not start")
    }

    func stop() {
        if process.isRunning {
            // SIGKILL: a child started from a test thread may inherit a mask that blocks SIGTERM.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    deinit { stop() }
}
