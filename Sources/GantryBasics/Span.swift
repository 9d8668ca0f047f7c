/// One timed operation, in the shape of an OpenTelemetry span.
///
/// The engine records spans (one per plan/apply, one per provider call) and hands them to
/// whoever listens; exporters (OTLP/HTTP JSON, a `--trace` file) turn them into bytes.
public struct Span: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable { case unset, ok, error }

    /// 32 lowercase hex digits, shared by every span of one run.
    public var traceID: String
    /// 16 lowercase hex digits.
    public var spanID: String
    public var parentSpanID: String?
    /// `apply`, `plan`, `provider.create`, …
    public var name: String
    /// Nanoseconds since 1970.
    public var startNanos: UInt64
    public var endNanos: UInt64
    /// `gantry.address`, `gantry.provider`, `gantry.action`, `gantry.attempt`, `gantry.outcome`, …
    public var attributes: [String: Value]
    public var status: Status
    public var statusMessage: String?

    public init(traceID: String, spanID: String, parentSpanID: String? = nil, name: String,
                startNanos: UInt64, endNanos: UInt64, attributes: [String: Value] = [:],
                status: Status = .unset, statusMessage: String? = nil) {
        self.traceID = traceID
        self.spanID = spanID
        self.parentSpanID = parentSpanID
        self.name = name
        self.startNanos = startNanos
        self.endNanos = endNanos
        self.attributes = attributes
        self.status = status
        self.statusMessage = statusMessage
    }
}
