import Foundation
import XCTest

/// `gantry reconcile` over https:// from git's smart-HTTP backend behind TLS and basic auth
/// (a token), as a self-hosted forge would serve it.
final class ReconcileHTTPSTests: XCTestCase, ReconcileScenario {
    /// `git http-backend` as CGI behind Python's HTTP server: Basic auth with user `git` and
    /// the token in argv[2], TLS with the certificate and key in argv[3] and argv[4]. Prints
    /// its port.
    private static let server = #"""
        import base64, os, ssl, subprocess, sys
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
        root, token, cert, key = sys.argv[1:5]
        expected = 'Basic ' + base64.b64encode(('git:' + token).encode()).decode()
        class Handler(BaseHTTPRequestHandler):
            def do_GET(self): self.serve()
            def do_POST(self): self.serve()
            def log_message(self, *args): pass
            def serve(self):
                if self.headers.get('Authorization') != expected:
                    self.send_response(401)
                    self.send_header('WWW-Authenticate', 'Basic realm="git"')
                    self.send_header('Content-Length', '0')
                    self.end_headers()
                    return
                path, _, query = self.path.partition('?')
                body = self.rfile.read(int(self.headers.get('Content-Length') or 0))
                env = dict(os.environ, GIT_PROJECT_ROOT=root, GIT_HTTP_EXPORT_ALL='1', PATH_INFO=path,
                           QUERY_STRING=query, REQUEST_METHOD=self.command, REMOTE_USER='git',
                           CONTENT_TYPE=self.headers.get('Content-Type', ''), CONTENT_LENGTH=str(len(body)))
                out = subprocess.run(['git', 'http-backend'], input=body, env=env, capture_output=True).stdout
                separator = b'\r\n\r\n' if b'\r\n\r\n' in out else b'\n\n'
                head, _, payload = out.partition(separator)
                status, headers = 200, []
                for line in head.decode().splitlines():
                    name, _, value = line.partition(': ')
                    if name.lower() == 'status': status = int(value.split()[0])
                    elif name: headers.append((name, value))
                self.send_response(status)
                for name, value in headers: self.send_header(name, value)
                self.send_header('Content-Length', str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
        server = ThreadingHTTPServer(('127.0.0.1', 0), Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        server.socket = context.wrap_socket(server.socket, server_side=True)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """#

    func testTokenOverTLSWithAPrivateCertificateAuthority() throws {
        let gantry = try GantryBinary.locate()
        let scratch = try newRepository()
        try commit(scratch, try spec(), "A")
        let cert = scratch.url.appendingPathComponent("cert.pem").path
        let key = scratch.url.appendingPathComponent("key.pem").path
        _ = try run("/usr/bin/openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                                         "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1"],
                    input: nil)
        // No subjectAltName: libgit2 1.5.1's mbedTLS matches DNS names and the CN, never an IP
        // address SAN — a certificate whose SAN lists only IP:127.0.0.1 does not verify.
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        server.arguments = ["-c", Self.server, scratch.url.path, "s3cret", cert, key]
        let portPipe = Pipe()
        server.standardOutput = portPipe
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer { kill(server.processIdentifier, SIGKILL); server.waitUntilExit() }
        let port = String(decoding: portPipe.fileHandleForReading.availableData, as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let arguments = reconcileArguments(scratch, ["--once"]).map {
            $0.hasPrefix("file://") ? "https://127.0.0.1:\(port)/repo" : $0
        }

        // The certificate is trusted only through GIT_SSL_CAINFO; the token is the password.
        let applied = try gantry.run(arguments, in: scratch.url,
                                     environment: ["GANTRY_GIT_TOKEN": "s3cret", "GIT_SSL_CAINFO": cert])
        XCTAssertEqual(applied.exitCode, 0, applied.transcript)
        XCTAssertTrue(applied.errors.contains("\"result\":\"applied\""), applied.transcript)

        // Without the private authority the server is not trusted: nothing is fetched.
        let untrusted = try gantry.run(arguments, in: scratch.url, environment: ["GANTRY_GIT_TOKEN": "s3cret"])
        XCTAssertEqual(untrusted.exitCode, 1, untrusted.transcript)
        XCTAssertTrue(untrusted.errors.contains("AuthenticationFailed"), untrusted.transcript)
        XCTAssertTrue(untrusted.errors.contains("does not verify"), untrusted.transcript)

        // A wrong token is refused as such, not as a generic network error.
        let refused = try gantry.run(arguments, in: scratch.url,
                                     environment: ["GANTRY_GIT_TOKEN": "wrong", "GIT_SSL_CAINFO": cert])
        XCTAssertEqual(refused.exitCode, 1, refused.transcript)
        XCTAssertTrue(refused.errors.contains("rejected the credentials"), refused.transcript)
    }
}
