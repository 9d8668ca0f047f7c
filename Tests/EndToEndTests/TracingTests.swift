import XCTest

/// OpenTelemetry spans of plan and apply: to a file with `--trace`, to a collector with
/// `OTEL_EXPORTER_OTLP_ENDPOINT`.
final class TracingTests: XCTestCase {
    var gantry: GantryBinary!
    var scratch: Scratch!

    override func setUpWithError() throws {
        gantry = try GantryBinary.locate()
        scratch = try Scratch()
        try scratch.write("spec/gantry.yaml", SpecFixtures.platform())
    }

    /// The spans of an OTLP/JSON export request.
    private func spans(in data: Data) throws -> [[String: Any]] {
        let document = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        let resourceSpans = try XCTUnwrap(document["resourceSpans"] as? [[String: Any]])
        let scopeSpans = try XCTUnwrap(resourceSpans.first?["scopeSpans"] as? [[String: Any]])
        return try XCTUnwrap(scopeSpans.first?["spans"] as? [[String: Any]])
    }

    func testTraceFileHoldsOneTraceWithProviderCallsUnderTheOperation() throws {
        let apply = try gantry.run(["apply", "spec", "--auto-approve", "--trace", "trace.json"], in: scratch.url)
        XCTAssertEqual(apply.exitCode, 0, apply.transcript)
        let spans = try spans(in: Data(contentsOf: scratch.url.appendingPathComponent("trace.json")))
        let names = Set(spans.compactMap { $0["name"] as? String })
        XCTAssertTrue(names.isSuperset(of: ["plan", "apply", "provider.create"]), "\(names)")
        XCTAssertEqual(Set(spans.compactMap { $0["traceId"] as? String }).count, 1, "one trace per run")
        let applySpan = try XCTUnwrap(spans.first { $0["name"] as? String == "apply" })
        let creates = spans.filter { $0["name"] as? String == "provider.create" }
        XCTAssertTrue(creates.allSatisfy { $0["parentSpanId"] as? String == applySpan["spanId"] as? String })
    }

    func testSpansGoToTheCollectorNamedByTheEnvironment() throws {
        let received = scratch.url.appendingPathComponent("received")
        let portFile = scratch.url.appendingPathComponent("port")
        let collector = Process()
        collector.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        collector.arguments = ["python3", "-c", Self.collectorScript, received.path, portFile.path]
        try collector.run()
        defer { collector.terminate() }
        XCTAssertTrue(Poll.until(seconds: 30) { !Poll.text(portFile).isEmpty }, "the test collector did not start")
        let port = Poll.text(portFile).trimmingCharacters(in: .whitespacesAndNewlines)

        let plan = try gantry.run(["plan", "spec"], in: scratch.url,
                                  environment: ["OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:\(port)"])
        XCTAssertEqual(plan.exitCode, 0, plan.transcript)
        let body = try Data(contentsOf: received)
        XCTAssertTrue(try spans(in: body).contains { $0["name"] as? String == "plan" })
    }

    /// A one-request OTLP/HTTP collector: writes the body of a POST to /v1/traces to argv[1].
    static let collectorScript = """
        import http.server, sys
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get('Content-Length', '0')))
                if self.path == '/v1/traces':
                    open(sys.argv[1], 'wb').write(body)
                self.send_response(200)
                self.send_header('Content-Type', 'application/json')
                self.end_headers()
                self.wfile.write(b'{}')
            def log_message(self, *args):
                pass
        server = http.server.HTTPServer(('127.0.0.1', 0), Handler)
        open(sys.argv[2], 'w').write(str(server.server_address[1]))
        server.serve_forever()
        """
}
