import Foundation
import GantryBasics
import GantryHTTP
@testable import AWSProvider

/// A moto server on a free loopback port, started by the tests with strict SigV4 checking
/// (`INITIAL_NO_AUTH_ACTION_COUNT=0`), stopped by `stop()`.
///
/// `reset()` clears every backend and creates an IAM user with administrator rights whose
/// keys `credentials` holds — moto's strict mode accepts only keys it issued.
final class MotoServer: @unchecked Sendable {
    let port: Int
    let process: Process
    var endpoint: String { "http://127.0.0.1:\(port)" }
    private(set) var credentials = AWSCredentials(accessKeyID: "", secretAccessKey: "")
    let http = HTTPClient()

    struct Unavailable: Error, CustomStringConvertible {
        let description: String
    }

    init() throws {
        port = try Self.freePort()
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-m", "moto.server", "-H", "127.0.0.1", "-p", String(port)]
        var env = ProcessInfo.processInfo.environment
        env["INITIAL_NO_AUTH_ACTION_COUNT"] = "0"
        // AWS's managed IAM policies (AmazonEKSClusterPolicy, …) exist in moto only when asked for.
        env["MOTO_IAM_LOAD_MANAGED_POLICIES"] = "true"
        process.environment = env
        let log = FileHandle(forWritingAtPath: "/dev/null")
        process.standardOutput = log
        process.standardError = log
        try process.run()
    }

    /// Waits until the server answers (moto takes a second or two to import).
    func waitUntilReady() async throws {
        for _ in 0..<200 {
            if let response = try? await http.send(HTTPRequest(url: endpoint + "/moto-api/", timeoutSeconds: 2)),
               response.status < 500 { return }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        stop()
        throw Unavailable(description: "moto did not answer on \(endpoint) (is `pip install 'moto[server]'` done?)")
    }

    /// Clears moto and issues fresh administrator keys.
    ///
    /// - Parameter strict: keep signature checking on afterwards. moto 5.2 cannot verify
    ///   signatures of REST GET requests (EKS, EFS reads fail even for boto3), so suites that
    ///   read those run with checking off and one test proves signing under strict mode.
    func reset(strict: Bool = false) async throws {
        _ = try await http.send(HTTPRequest(method: "POST", url: endpoint + "/moto-api/reset"))
        // Three unauthenticated calls make the user, its key and its policy; then strict again.
        _ = try await http.send(HTTPRequest(method: "POST", url: endpoint + "/moto-api/reset-auth",
                                            headers: [("Content-Type", "text/plain")], body: Array("3".utf8)))
        let bootstrap = AWSClient(http: http, credentials: AWSCredentials(accessKeyID: "AKIABOOTSTRAP0000000",
                                                                          secretAccessKey: "bootstrap"),
                                  endpoints: AWSEndpoints(overrides: ["iam": endpoint], environment: [:]))
        _ = try await bootstrap.query("iam", region: "us-east-1", action: "CreateUser", [("UserName", "gantry-tests")])
        let key = try await bootstrap.query("iam", region: "us-east-1", action: "CreateAccessKey", [("UserName", "gantry-tests")])
        _ = try await bootstrap.query("iam", region: "us-east-1", action: "PutUserPolicy", [
            ("UserName", "gantry-tests"), ("PolicyName", "administrator"),
            ("PolicyDocument", #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#),
        ])
        guard let id = key.find("AccessKeyId")?.text, let secret = key.find("SecretAccessKey")?.text else {
            throw Unavailable(description: "moto's CreateAccessKey answered without keys")
        }
        credentials = AWSCredentials(accessKeyID: id, secretAccessKey: secret, source: "moto test user")
        if !strict {
            _ = try await http.send(HTTPRequest(method: "POST", url: endpoint + "/moto-api/reset-auth",
                                                headers: [("Content-Type", "text/plain")], body: Array("1000000000".utf8)))
        }
    }

    /// Environment for a provider or a boto3 script talking to this server.
    var environment: [String: String] {
        ["AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": credentials.accessKeyID,
         "AWS_SECRET_ACCESS_KEY": credentials.secretAccessKey, "AWS_DEFAULT_REGION": "us-east-1", "HOME": "/nonexistent"]
    }

    func stop() {
        // SIGKILL: a child started from a test thread may inherit a mask that blocks SIGTERM.
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// A port the kernel just handed out on 127.0.0.1.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Unavailable(description: "socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw Unavailable(description: "bind() failed") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
