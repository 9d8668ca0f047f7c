import Foundation

/// A moto server (the AWS API mock, `pip install 'moto[server]'`) on a loopback port the
/// kernel picks, for scenarios that drive the real binary against "AWS".
///
/// moto runs in a Python process that prints its port and serves until its stdin closes,
/// so a test that dies without calling `stop()` still leaves no server behind. Signature
/// checking stays off (moto's default): these scenarios test the binary, and
/// AWSProviderTests prove the signing under moto's strict mode.
final class MotoProcess {
    let process = Process()
    let port: Int
    private let stdin = Pipe()

    var endpoint: String { "http://127.0.0.1:\(port)" }

    /// The environment `gantry` and boto3 need to talk to this server with `secret`.
    func environment(secret: String) -> [String: String] {
        ["AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": "AKIAE2ETESTKEY000001", "AWS_SECRET_ACCESS_KEY": secret,
         "AWS_DEFAULT_REGION": "us-east-1", "HOME": "/nonexistent"]
    }

    /// Python that starts moto on port 0, prints the port it got, and serves until stdin closes.
    private static let launcher = """
        import sys
        from moto.server import ThreadedMotoServer
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        server.start()
        print(server.get_host_and_port()[1], flush=True)
        sys.stdin.read()
        """

    init() throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", Self.launcher]
        var env = ProcessInfo.processInfo.environment
        // AWS's managed IAM policies (AmazonEKSClusterPolicy, …) exist in moto only when asked for.
        env["MOTO_IAM_LOAD_MANAGED_POLICIES"] = "true"
        process.environment = env
        process.standardInput = stdin
        port = try process.runReportingPort(failure: "moto did not start (is `pip install 'moto[server]'` done?)")
    }

    func stop() {
        try? stdin.fileHandleForWriting.close()
        if process.isRunning {
            // SIGKILL: a child started from a test thread may inherit a mask that blocks SIGTERM.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    deinit { stop() }
}
