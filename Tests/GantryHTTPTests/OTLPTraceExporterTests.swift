import Foundation
import GantryBasics
import XCTest
@testable import GantryHTTP

final class OTLPTraceExporterTests: XCTestCase {
    let spans = [
        Span(traceID: "0af7651916cd43dd8448eb211c80319c", spanID: "b7ad6b7169203331", name: "apply",
             startNanos: 1_700_000_000_000_000_000, endNanos: 1_700_000_001_500_000_000,
             attributes: ["gantry.resources": 12], status: .ok),
        Span(traceID: "0af7651916cd43dd8448eb211c80319c", spanID: "00f067aa0ba902b7", parentSpanID: "b7ad6b7169203331",
             name: "provider.create", startNanos: 1_700_000_000_100_000_000, endNanos: 1_700_000_000_900_000_000,
             attributes: ["gantry.address": "node_pools.h100[us-east-1]", "gantry.retry": true, "gantry.share": 0.5,
                          "gantry.skip": nil],
             status: .error, statusMessage: "capacity"),
    ]

    private func decode(_ bytes: [UInt8]) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    private func spanList(_ document: [String: Any]) throws -> [[String: Any]] {
        let resourceSpans = try XCTUnwrap(document["resourceSpans"] as? [[String: Any]])
        let scopeSpans = try XCTUnwrap(resourceSpans.first?["scopeSpans"] as? [[String: Any]])
        return try XCTUnwrap(scopeSpans.first?["spans"] as? [[String: Any]])
    }

    func testJSONFollowsTheOTLPShape() throws {
        let document = try decode(OTLPTraceExporter.otlpJSON(spans, serviceName: "gantry-test"))
        let resource = try XCTUnwrap((document["resourceSpans"] as? [[String: Any]])?.first?["resource"] as? [String: Any])
        let serviceAttribute = try XCTUnwrap((resource["attributes"] as? [[String: Any]])?.first)
        XCTAssertEqual(serviceAttribute["key"] as? String, "service.name")
        XCTAssertEqual((serviceAttribute["value"] as? [String: Any])?["stringValue"] as? String, "gantry-test")

        let list = try spanList(document)
        XCTAssertEqual(list.count, 2)
        let apply = list[0]
        XCTAssertEqual(apply["traceId"] as? String, "0af7651916cd43dd8448eb211c80319c")
        XCTAssertEqual(apply["spanId"] as? String, "b7ad6b7169203331")
        XCTAssertNil(apply["parentSpanId"])
        XCTAssertEqual(apply["startTimeUnixNano"] as? String, "1700000000000000000")
        XCTAssertEqual(apply["endTimeUnixNano"] as? String, "1700000001500000000")
        XCTAssertEqual((apply["status"] as? [String: Any])?["code"] as? Int, 1)
        let count = try XCTUnwrap((apply["attributes"] as? [[String: Any]])?.first)
        XCTAssertEqual((count["value"] as? [String: Any])?["intValue"] as? String, "12")

        let create = list[1]
        XCTAssertEqual(create["parentSpanId"] as? String, "b7ad6b7169203331")
        XCTAssertEqual((create["status"] as? [String: Any])?["code"] as? Int, 2)
        XCTAssertEqual((create["status"] as? [String: Any])?["message"] as? String, "capacity")
        let attributes = try XCTUnwrap(create["attributes"] as? [[String: Any]])
        var values: [String: [String: Any]] = [:]
        for attribute in attributes {
            values[try XCTUnwrap(attribute["key"] as? String)] = attribute["value"] as? [String: Any]
        }
        XCTAssertEqual(values["gantry.address"]?["stringValue"] as? String, "node_pools.h100[us-east-1]")
        XCTAssertEqual(values["gantry.retry"]?["boolValue"] as? Bool, true)
        XCTAssertEqual(values["gantry.share"]?["doubleValue"] as? Double, 0.5)
        XCTAssertNil(values["gantry.skip"], "null attributes have no OTLP value and are left out")
    }

    func testEncodingIsDeterministic() {
        XCTAssertEqual(OTLPTraceExporter.otlpJSON(spans, serviceName: "g"), OTLPTraceExporter.otlpJSON(spans, serviceName: "g"))
    }

    func testExportPostsToV1TracesOnTheCollector() async throws {
        let server = try LoopbackServer { _ in .init(status: 200, body: Array("{}".utf8)) }
        defer { server.stop() }
        let exporter = try XCTUnwrap(OTLPTraceExporter.fromEnvironment(
            ["OTEL_EXPORTER_OTLP_ENDPOINT": server.url + "/", "OTEL_EXPORTER_OTLP_HEADERS": "api-key=s%20ecret, x-tenant = a"]))
        XCTAssertEqual(exporter.tracesURL, server.url + "/v1/traces")
        try await exporter.export(spans)

        let received = try XCTUnwrap(server.requests.first)
        XCTAssertEqual(received.method, "POST")
        XCTAssertEqual(received.path, "/v1/traces")
        XCTAssertEqual(received.headers["content-type"], "application/json")
        XCTAssertEqual(received.headers["api-key"], "s ecret")
        XCTAssertEqual(received.headers["x-tenant"], "a")
        XCTAssertEqual(try spanList(try decode(received.body)).count, 2)
    }

    func testCollectorErrorStatusIsReported() async throws {
        let server = try LoopbackServer { _ in .init(status: 503, body: Array("overloaded".utf8)) }
        defer { server.stop() }
        let exporter = OTLPTraceExporter(endpoint: server.url, client: HTTPClient())
        do {
            try await exporter.export(spans)
            XCTFail("expected an error")
        } catch {
            XCTAssertEqual(error.status, 503)
            XCTAssertEqual(error.description, "POST \(server.url)/v1/traces: server answered 503: overloaded")
        }
    }

    func testEnvironmentWithoutEndpointGivesNoExporter() {
        XCTAssertNil(OTLPTraceExporter.fromEnvironment([:]))
        XCTAssertEqual(OTLPTraceExporter.fromEnvironment(["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://c:4318/custom"])?.tracesURL,
                       "http://c:4318/custom")
    }
}
