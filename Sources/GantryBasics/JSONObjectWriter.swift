/// Writes one JSON object straight into bytes, member by member.
///
/// For messages too large or too frequent to build as a `Value` first: a 10,000-item
/// provider message spent more time building dictionaries for its envelopes than writing
/// them. Members are written in the order given; values inside them go through the same
/// writer as `JSON.encode` (compact, keys unsorted), with `.unknown` and `.reference` as
/// marker objects when `markers` is set.
///
/// ```swift
/// var object = JSONObjectWriter(markers: true)
/// object.string("address", "resources.a")
/// try object.value("attributes", .object(attributes))
/// object.array("depends_on", ["resources.b"]) { $1.string($0) }
/// let bytes = object.finish()      // {"address":"resources.a","attributes":{…},"depends_on":["resources.b"]}
/// ```
public struct JSONObjectWriter {
    private var writer: JSONWriter
    private var first = true

    /// Starts an object in a new buffer.
    public init(markers: Bool = false) {
        var empty: [UInt8] = []
        self.init(appendingTo: &empty, markers: markers)
    }

    /// Starts an object at the end of `buffer`, taking its storage over (no copy); `finish()`
    /// hands it back, and `buffer` is left empty meanwhile.
    public init(appendingTo buffer: inout [UInt8], markers: Bool = false) {
        writer = JSONWriter(out: [], pretty: false, sortedKeys: false, markers: markers)
        swap(&writer.out, &buffer)
        writer.out.append(UInt8(ascii: "{"))
    }

    /// Closes the object and hands the buffer over (the writer is left empty).
    public mutating func finish() -> [UInt8] {
        writer.out.append(UInt8(ascii: "}"))
        defer { writer.out = [] }  // hands the storage over without copying it
        return writer.out
    }

    public mutating func string(_ key: String, _ value: String) {
        member(key)
        writer.writeString(value)
    }

    public mutating func int(_ key: String, _ value: Int) {
        member(key)
        writer.writeInt(value)
    }

    public mutating func bool(_ key: String, _ value: Bool) {
        member(key)
        writer.appendASCII(value ? "true" : "false")
    }

    public mutating func null(_ key: String) {
        member(key)
        writer.appendASCII("null")
    }

    /// A member whose value is JSON text already (a nested message encoded before).
    public mutating func json(_ key: String, _ json: [UInt8]) {
        member(key)
        writer.out.append(contentsOf: json)
    }

    /// A member holding any value; throws what `JSON.encode` would (NaN, or a marker
    /// value when `markers` is off), with the member in the error's path.
    public mutating func value(_ key: String, _ value: Value) throws(JSONError) {
        member(key)
        do { try writer.write(value, indent: 0) } catch { throw error.under(JSONError.pathComponent(key)) }
    }

    /// A member holding an object built by `body`.
    public mutating func object<E: Error>(_ key: String, _ body: (inout JSONObjectWriter) throws(E) -> Void) throws(E) {
        member(key)
        let markers = writer.markers
        var nested = JSONObjectWriter(appendingTo: &writer.out, markers: markers)
        defer { writer.out = nested.finish() }
        try body(&nested)
    }

    /// A member holding an array with one element per item, each written by `body` into
    /// a `JSONArrayElement`.
    public mutating func array<S: Sequence, E: Error>(
        _ key: String, _ items: S, _ body: (S.Element, inout JSONArrayElement) throws(E) -> Void
    ) throws(E) {
        member(key)
        writer.out.append(UInt8(ascii: "["))
        var element = JSONArrayElement(writer: JSONWriter(out: [], pretty: false, sortedKeys: false,
                                                          markers: writer.markers))
        swap(&element.writer.out, &writer.out)  // the element writes into this buffer, uncopied
        defer {
            swap(&element.writer.out, &writer.out)
            writer.out.append(UInt8(ascii: "]"))
        }
        for item in items {
            if element.count > 0 { element.writer.out.append(UInt8(ascii: ",")) }
            try body(item, &element)
            element.count += 1
        }
    }

    // MARK: Internals

    private mutating func member(_ key: String) {
        if first { first = false } else { writer.out.append(UInt8(ascii: ",")) }
        writer.writeString(key)
        writer.out.append(UInt8(ascii: ":"))
    }
}

/// One element of an array being written by `JSONObjectWriter.array`: a string, any value,
/// or an object.
public struct JSONArrayElement {
    fileprivate var writer: JSONWriter
    fileprivate var count = 0

    public mutating func string(_ value: String) {
        writer.writeString(value)
    }

    public mutating func value(_ value: Value) throws(JSONError) {
        do { try writer.write(value, indent: 0) } catch { throw error.under("[\(count)]") }
    }

    public mutating func object<E: Error>(_ body: (inout JSONObjectWriter) throws(E) -> Void) throws(E) {
        var nested = JSONObjectWriter(appendingTo: &writer.out, markers: writer.markers)
        defer { writer.out = nested.finish() }
        try body(&nested)
    }
}
