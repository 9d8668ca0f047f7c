/// One JSON value kept as text: a slice of the bytes it arrived in, checked for syntax
/// but not yet parsed — a protocol message's params or result, which its reader then
/// reads straight into a message type (`JSONReader`) or, when that is not possible, into
/// a `Value`.
///
/// Holding the slice shares the arriving buffer; nothing is copied.
public struct RawJSON: Sendable {
    /// The buffer the value is part of.
    public let bytes: [UInt8]
    /// Where the value's text is in `bytes`.
    public let range: Range<Int>

    /// A value whose text is `bytes[range]`; the caller has checked its syntax.
    public init(bytes: [UInt8], range: Range<Int>) {
        self.bytes = bytes
        self.range = range
    }

    /// The value written as JSON with marker objects (a value that arrived as a tree).
    public init(_ value: Value) throws(JSONError) {
        let bytes = try JSON.encodeBytes(value, sortedKeys: false, markers: true)
        self.init(bytes: bytes, range: bytes.indices)
    }

    /// The value as a tree, marker objects read as `.unknown` / `.reference`.
    public func value() throws(JSONError) -> Value {
        try JSONReader.read(bytes, in: range, markers: true) { (reader: inout JSONReader) throws(JSONError) in
            try reader.readValue()
        }
    }

    /// Reads the value with `body` (markers on); see `JSONReader.read`.
    public func read<T>(_ body: (inout JSONReader) throws(JSONError) -> T) throws(JSONError) -> T {
        try JSONReader.read(bytes, in: range, markers: true, body)
    }
}
