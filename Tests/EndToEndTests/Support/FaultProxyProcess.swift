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
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The first line is the port; reading blocks until the proxy has bound it.
        var line = Data()
        while let byte = try stdout.fileHandleForReading.read(upToCount: 1), let first = byte.first, first != 0x0A {
            line.append(first)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespaces)) else {
            process.terminate()
            throw EndToEndError("the fault proxy did not start; it printed '\(String(decoding: line, as: UTF8.self))'")
        }
        self.port = port
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
