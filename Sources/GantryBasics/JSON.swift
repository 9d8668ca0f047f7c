/// A fast JSON codec for `Value`: byte-level, no Foundation on the hot path.
///
/// Numbers keep their kind: `3` parses as `.int(3)`, `3.0` and `3e0` as `.double(3)`,
/// and `.double(3)` is written as `3.0`, so a round trip never turns one into the other.
/// An integer literal too large for `Int` parses as `.double`.
///
/// ## Unknowns and references
/// `.unknown` and `.reference` exist only before apply and have no JSON form of their own.
/// Writing them silently would corrupt a state file, so by default encoding one throws
/// `JSONError` (kind `.notRepresentable`) naming where it sits in the value. A caller
/// that carries plans or provider messages passes `markers: true` to write them as
/// `{"$unknown":true}` and `{"$ref":"address.attribute"}`; parsing with `markers: true`
/// turns exactly those objects back into `.unknown` / `.reference`.
///
/// ## Example
/// ```swift
/// let value = try JSON.parse(#"{"nodes": 2, "zones": ["a", "b"]}"#)
/// let text = try JSON.encode(value)             // {"nodes":2,"zones":["a","b"]}
/// let pretty = try JSON.encode(value, pretty: true)
/// ```
public enum JSON {
    /// The deepest nesting `parse` accepts by default; deeper input is refused rather
    /// than risking the stack.
    public static let defaultMaxDepth = 512

    /// Encodes `value` as UTF-8 JSON text.
    ///
    /// - Parameters:
    ///   - pretty: two-space indentation and one member per line; otherwise compact.
    ///   - sortedKeys: object keys in ascending order, so equal values give equal bytes.
    ///   - markers: write `.unknown` / `.reference` as marker objects instead of throwing.
    /// - Throws: `JSONError` for NaN or infinite doubles, and for unknowns or references
    ///   when `markers` is false; the error's `path` says where (`$.a.b[2]`).
    public static func encode(_ value: Value, pretty: Bool = false, sortedKeys: Bool = true,
                              markers: Bool = false) throws(JSONError) -> String {
        let bytes = try encodeBytes(value, pretty: pretty, sortedKeys: sortedKeys, markers: markers)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Encodes `value` as UTF-8 bytes; see `encode(_:pretty:sortedKeys:markers:)`.
    public static func encodeBytes(_ value: Value, pretty: Bool = false, sortedKeys: Bool = true,
                                   markers: Bool = false) throws(JSONError) -> [UInt8] {
        var out: [UInt8] = []
        try append(value, to: &out, pretty: pretty, sortedKeys: sortedKeys, markers: markers)
        return out
    }

    /// Appends the encoding of `value` to `buffer`, for callers that assemble a larger
    /// document (one resource per line, a journal line plus newline) without copies.
    /// On error `buffer` may hold a partial encoding; discard it.
    public static func append(_ value: Value, to buffer: inout [UInt8], pretty: Bool = false,
                              sortedKeys: Bool = true, markers: Bool = false) throws(JSONError) {
        var writer = JSONWriter(out: buffer, pretty: pretty, sortedKeys: sortedKeys, markers: markers)
        buffer = []  // hand the storage to the writer so appends do not copy
        defer { buffer = writer.out }
        try writer.write(value, indent: 0)
    }

    /// Appends `string` as a quoted, escaped JSON string.
    public static func appendString(_ string: String, to buffer: inout [UInt8]) {
        var writer = JSONWriter(out: buffer, pretty: false, sortedKeys: true, markers: false)
        buffer = []
        writer.writeString(string)
        buffer = writer.out
    }

    /// Parses one JSON value from UTF-8 bytes (a leading byte-order mark is skipped).
    ///
    /// - Parameters:
    ///   - markers: turn `{"$unknown":true}` and `{"$ref":"a.b"}` into `.unknown` / `.reference`.
    ///   - maxDepth: nesting limit; deeper input throws `.tooDeep`.
    /// - Throws: `JSONError` with the byte offset, line and column of the problem.
    ///   Duplicate object keys are accepted; the last one wins.
    public static func parse(_ bytes: [UInt8], markers: Bool = false,
                             maxDepth: Int = defaultMaxDepth) throws(JSONError) -> Value {
        try JSONReader.read(bytes, markers: markers, maxDepth: maxDepth) { (reader: inout JSONReader) throws(JSONError) in
            try reader.readValue()
        }
    }

    /// Parses one JSON value from text; see `parse(_:markers:maxDepth:)` for bytes.
    public static func parse(_ text: String, markers: Bool = false,
                             maxDepth: Int = defaultMaxDepth) throws(JSONError) -> Value {
        try parse(Array(text.utf8), markers: markers, maxDepth: maxDepth)
    }
}

/// A type with a JSON form built from `Value`, for records stored in state, plan files
/// and provider messages.
public protocol JSONRepresentable {
    /// This value as JSON.
    var json: Value { get }
    /// Reads a value back from its JSON form; throws the module's error type when a
    /// field is missing or has the wrong type.
    init(json: Value) throws
}
