import Foundation
import Testing
@testable import GantryHTTP
#if canImport(Glibc)
import Glibc
#endif

/// TLS against a real `openssl s_server` with a self-signed certificate: refused by default,
/// accepted once its certificate is the trusted CA bundle.
@Suite struct TLSVerificationTests {
    @Test func selfSignedCertificateIsRefusedUnlessTrusted() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gantry-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let cert = directory.appendingPathComponent("cert.pem").path
        let key = directory.appendingPathComponent("key.pem").path
        try run("/usr/bin/openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                                     "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1",
                                     "-addext", "subjectAltName=IP:127.0.0.1"])
        let port = try freePort()
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        server.arguments = ["s_server", "-accept", "127.0.0.1:\(port)", "-cert", cert, "-key", key, "-www", "-quiet"]
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        // SIGKILL, not terminate(): a child spawned from a Swift concurrency thread inherits
        // that thread's signal mask, in which SIGTERM is blocked.
        defer { kill(server.processIdentifier, SIGKILL); server.waitUntilExit() }
        let url = "https://127.0.0.1:\(port)/"

        // The server needs a moment to listen; a refused connection means "not yet".
        var refused: HTTPError?
        for _ in 0..<200 {
            do {
                _ = try await HTTPClient.shared.send(HTTPRequest(url: url, timeoutSeconds: 5))
                Issue.record("a self-signed certificate was accepted")
                return
            } catch where error.isConnectFailure {
                try await Task.sleep(for: .milliseconds(20))
            } catch {
                refused = error
                break
            }
        }
        let error = try #require(refused)
        #expect(error.curlCode == 60, "expected a certificate verification failure, got \(error)")

        let trusting = HTTPClient(caBundlePath: cert)
        let response = try await trusting.send(HTTPRequest(url: url, timeoutSeconds: 5))
        #expect(response.status == 200)
    }

    private func run(_ tool: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(tool) \(arguments.joined(separator: " ")) failed")
    }

    /// A port the kernel just handed out and released.
    private func freePort() throws -> Int {
        let server = try LoopbackServer { _ in nil }
        let port = server.port
        server.stop()
        return port
    }
}
