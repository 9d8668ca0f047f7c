import Foundation
import GantryBasics

/// Sends spans to an OpenTelemetry collector over OTLP/HTTP with the JSON encoding.
///
/// The endpoint follows the OpenTelemetry environment conventions:
/// `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` is used as is; otherwise `/v1/traces` is appended to
/// `OTEL_EXPORTER_OTLP_ENDPOINT`. `OTEL_EXPORTER_OTLP_HEADERS` (`k=v,k2=v2`) adds headers,
/// e.g. an API key. The same bytes `otlpJSON` returns can be written to a `--trace FILE`.
///
/// ```swift
/// if let exporter = OTLPTraceExporter.fromEnvironment(serviceName: "gantry") {
///     try await exporter.export(spans)
/// }
/// ```
public struct OTLPTraceExporter: Sendable {
    /// The full URL spans are POSTed to, e.g. `http://localhost:4318/v1/traces`.
    public let tracesURL: String
    public let serviceName: String
    /// Extra headers sent with every export.
    public let headers: [(name: String, value: String)]
    public let timeoutSeconds: Double
    private let client: HTTPClient

    /// An exporter posting to `endpoint` + `/v1/traces`.
    ///
    /// - Parameters:
    ///   - endpoint: the collector's base URL, e.g. `http://localhost:4318`.
    ///   - serviceName: recorded as the `service.name` resource attribute.
    public init(endpoint: String, serviceName: String = "gantry", headers: [(name: String, value: String)] = [],
                timeoutSeconds: Double = 10, client: HTTPClient = .shared) {
        self.init(tracesURL: Self.tracesURL(forEndpoint: endpoint), serviceName: serviceName, headers: headers,
                  timeoutSeconds: timeoutSeconds, client: client)
    }

    /// An exporter posting to exactly `tracesURL`.
    public init(tracesURL: String, serviceName: String = "gantry", headers: [(name: String, value: String)] = [],
                timeoutSeconds: Double = 10, client: HTTPClient = .shared) {
        self.tracesURL = tracesURL
        self.serviceName = serviceName
        self.headers = headers
        self.timeoutSeconds = timeoutSeconds
        self.client = client
    }

    /// The exporter the OpenTelemetry environment variables describe, or `nil` when neither
    /// `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` nor `OTEL_EXPORTER_OTLP_ENDPOINT` is set.
    public static func fromEnvironment(_ environment: [String: String], serviceName: String = "gantry",
                                       client: HTTPClient = .shared) -> OTLPTraceExporter? {
        let headers = parseHeaders(environment["OTEL_EXPORTER_OTLP_HEADERS"] ?? "")
        if let url = environment["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"], !url.isEmpty {
            return OTLPTraceExporter(tracesURL: url, serviceName: serviceName, headers: headers, client: client)
        }
        if let base = environment["OTEL_EXPORTER_OTLP_ENDPOINT"], !base.isEmpty {
            return OTLPTraceExporter(endpoint: base, serviceName: serviceName, headers: headers, client: client)
        }
        return nil
    }

    /// POSTs `spans` in one request.
    ///
    /// - Throws: `HTTPError` when the collector cannot be reached or answers with a non-2xx
    ///   status (`status` tells which).
    public func export(_ spans: [Span]) async throws(HTTPError) {
        guard !spans.isEmpty else { return }
        let request = HTTPRequest(method: "POST", url: tracesURL,
                                  headers: [("Content-Type", "application/json")] + headers,
                                  body: Self.otlpJSON(spans, serviceName: serviceName),
                                  timeoutSeconds: timeoutSeconds)
        let response = try await client.send(request)
        guard response.isSuccess else {
            throw HTTPError(.status(response.status, body: response.text), method: "POST", url: tracesURL)
        }
    }

    /// `base/v1/traces`, without doubling a trailing slash.
    static func tracesURL(forEndpoint endpoint: String) -> String {
        var base = Substring(endpoint)
        while base.hasSuffix("/") { base.removeLast() }
        return base + "/v1/traces"
    }

    /// `api-key=secret,x-tenant=a` → `[("api-key", "secret"), ("x-tenant", "a")]`; malformed parts are skipped.
    static func parseHeaders(_ text: String) -> [(name: String, value: String)] {
        text.split(separator: ",").compactMap { part in
            guard let eq = part.firstIndex(of: "=") else { return nil }
            let name = part[..<eq].trimmingCharacters(in: .whitespaces)
            let value = part[part.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            return name.isEmpty ? nil : (name, value.removingPercentEncoding ?? value)
        }
    }
}
