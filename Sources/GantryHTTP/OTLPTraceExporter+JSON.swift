import Foundation
import GantryBasics

extension OTLPTraceExporter {
    /// `spans` in the OTLP/HTTP JSON encoding of an `ExportTraceServiceRequest`:
    /// `resourceSpans → scopeSpans → spans`, ids as lowercase hex, times as decimal strings of
    /// Unix nanoseconds, attributes as `{key, value: {stringValue|intValue|boolValue|doubleValue|…}}`,
    /// status code 1 (ok) or 2 (error). Keys are sorted, so equal input gives equal bytes.
    public static func otlpJSON(_ spans: [Span], serviceName: String) -> [UInt8] {
        let document = ExportRequest(resourceSpans: [
            ResourceSpans(
                resource: Resource(attributes: [KeyValue(key: "service.name", value: AnyValue(string: serviceName))]),
                scopeSpans: [ScopeSpans(scope: Scope(name: "gantry"), spans: spans.map(OTLPSpan.init))]),
        ])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return Array(try encoder.encode(document))
        } catch {
            // Only strings, integers, booleans and finite doubles reach the encoder (non-finite
            // doubles are sent as strings), so encoding cannot fail.
            preconditionFailure("internal error: OTLP JSON encoding failed: \(error)")
        }
    }
}

// MARK: - The OTLP JSON shape (opentelemetry-proto, JSON mapping)

private struct ExportRequest: Encodable {
    var resourceSpans: [ResourceSpans]
}

private struct ResourceSpans: Encodable {
    var resource: Resource
    var scopeSpans: [ScopeSpans]
}

private struct Resource: Encodable {
    var attributes: [KeyValue]
}

private struct ScopeSpans: Encodable {
    var scope: Scope
    var spans: [OTLPSpan]
}

private struct Scope: Encodable {
    var name: String
}

private struct OTLPSpan: Encodable {
    var traceId: String
    var spanId: String
    var parentSpanId: String?
    var name: String
    /// SPAN_KIND_INTERNAL: Gantry's spans are operations inside one process.
    var kind = 1
    var startTimeUnixNano: String
    var endTimeUnixNano: String
    var attributes: [KeyValue]
    var status: Status

    struct Status: Encodable {
        /// 0 unset (omitted), 1 ok, 2 error.
        var code: Int?
        var message: String?
    }

    init(_ span: Span) {
        traceId = span.traceID
        spanId = span.spanID
        parentSpanId = span.parentSpanID
        name = span.name
        startTimeUnixNano = String(span.startNanos)
        endTimeUnixNano = String(span.endNanos)
        attributes = span.attributes.keys.sorted().compactMap { key in
            span.attributes[key].flatMap(AnyValue.init).map { KeyValue(key: key, value: $0) }
        }
        switch span.status {
        case .unset: status = Status(code: nil, message: nil)
        case .ok: status = Status(code: 1, message: span.statusMessage)
        case .error: status = Status(code: 2, message: span.statusMessage)
        }
    }
}

private struct KeyValue: Encodable {
    var key: String
    var value: AnyValue
}

/// OTLP's `AnyValue`: exactly one field is set. 64-bit integers are strings in the JSON mapping.
private struct AnyValue: Encodable {
    var stringValue: String?
    var intValue: String?
    var boolValue: Bool?
    var doubleValue: Double?
    var arrayValue: ArrayValue?
    var kvlistValue: KeyValueList?

    struct ArrayValue: Encodable { var values: [AnyValue] }
    struct KeyValueList: Encodable { var values: [KeyValue] }

    init(string: String) { stringValue = string }

    /// `nil` for `.null`, which OTLP has no attribute value for.
    init?(_ value: Value) {
        switch value {
        case .null: return nil
        case .string(let s): stringValue = s
        case .int(let i): intValue = String(i)
        case .bool(let b): boolValue = b
        case .double(let d): if d.isFinite { doubleValue = d } else { stringValue = String(d) }
        case .array(let items): arrayValue = ArrayValue(values: items.compactMap(AnyValue.init))
        case .object(let fields):
            kvlistValue = KeyValueList(values: fields.keys.sorted().compactMap { key in
                fields[key].flatMap(AnyValue.init).map { KeyValue(key: key, value: $0) }
            })
        case .unknown: stringValue = "(known after apply)"
        case .reference(let reference): stringValue = reference.description
        case .template(let parts): stringValue = Value.templateText(parts)
        }
    }
}
