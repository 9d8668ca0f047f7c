/// A pull reader over JSON bytes: a message type reads its own members straight into
/// its fields, where `JSON.parse` would first build a `Value` dictionary per object.
///
/// Reading a 10,000-item provider message this way skips most of the allocation and
/// hashing the tree costs. The reader checks the syntax exactly as `JSON.parse` does and
/// throws at the first thing that is not the shape the caller expects (`.shape`); callers
/// that owe a person a precise message then parse the same bytes into a `Value` and word
/// the problem from that.
///
/// ```swift
/// let point = try JSONReader.read(bytes) { (reader: inout JSONReader) throws(JSONError) in
///     var x = 0, y = 0
///     try reader.readObject { (key, reader: inout JSONReader) throws(JSONError) in
///         switch key {
///         case "x": x = try reader.readInt()
///         case "y": y = try reader.readInt()
///         default: try reader.skipValue()
///         }
///     }
///     return (x, y)
/// }
/// ```
public struct JSONReader {
    private var parser: JSONParser
    /// Where the parser's buffer starts in the caller's bytes.
    private let base: Int

    private init(parser: JSONParser, base: Int) {
        self.parser = parser
        self.base = base
    }

    /// Reads one JSON value from `bytes[range]` with `body`, which must read (or skip)
    /// exactly that value; only whitespace may follow it. A leading byte-order mark is
    /// skipped. `JSON.parse` is this with `readValue()`.
    ///
    /// - Parameters:
    ///   - range: the part of `bytes` holding the value; all of it when nil.
    ///   - markers: `readValue()` turns marker objects into `.unknown` / `.reference`.
    ///   - maxDepth: nesting limit; deeper input throws `.tooDeep`.
    /// - Throws: `JSONError` with the offset (and line and column, counted from the range's
    ///   start) of the problem.
    public static func read<T>(_ bytes: [UInt8], in range: Range<Int>? = nil, markers: Bool = false,
                               maxDepth: Int = JSON.defaultMaxDepth,
                               _ body: (inout JSONReader) throws(JSONError) -> T) throws(JSONError) -> T {
        let range = range ?? bytes.indices
        do {
            return try bytes.withUnsafeBufferPointer { buffer throws(JSONError) in
                var reader = JSONReader(parser: JSONParser(UnsafeBufferPointer(rebasing: buffer[range]), markers: markers,
                                                           maxDepth: maxDepth),
                                        base: range.lowerBound)
                reader.parser.skipByteOrderMark()
                let value = try body(&reader)
                try reader.parser.expectEnd()
                return value
            }
        } catch {
            throw error.locating(in: range == bytes.indices ? bytes : Array(bytes[range]))
        }
    }

    // MARK: Containers

    /// Reads an object, calling `member` with each key in order; `member` must read or
    /// skip that member's value. Keys repeat as often as the text repeats them.
    ///
    /// With markers on, an object whose first member name starts with `$` may be a marker
    /// (`{"$ref": …}`), which is no object: it is refused (`.shape`); read it with
    /// `readValue()`.
    public mutating func readObject(_ member: (String, inout JSONReader) throws(JSONError) -> Void) throws(JSONError) {
        try expect(UInt8(ascii: "{"), "an object")
        guard try parser.beginObject() else { return }
        var first = true
        repeat {
            let key = try parser.memberKey()
            if first, parser.markers, key.hasPrefix("$") { throw shape("an object that is not a marker") }
            first = false
            try member(key, &self)
        } while try parser.nextMember()
    }

    /// Reads an array, calling `element` once per element; `element` must read or skip it.
    public mutating func readArray(_ element: (inout JSONReader) throws(JSONError) -> Void) throws(JSONError) {
        try expect(UInt8(ascii: "["), "an array")
        guard try parser.beginArray() else { return }
        repeat { try element(&self) } while try parser.nextElement()
    }

    // MARK: Scalars and whole values

    /// A string.
    public mutating func readString() throws(JSONError) -> String {
        try expect(UInt8(ascii: "\""), "a string")
        return try parser.parseString()
    }

    /// An integer, read as `Value.intValue` reads one (`3` and `3.0` both give 3).
    public mutating func readInt() throws(JSONError) -> Int {
        parser.skipWhitespace()
        guard parser.index < parser.bytes.count, parser.bytes[parser.index] == UInt8(ascii: "-")
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(parser.bytes[parser.index]) else {
            throw shape("an integer")
        }
        let start = parser.index
        guard let int = try parser.parseNumber().intValue else {
            parser.index = start
            throw shape("an integer")
        }
        return int
    }

    /// `true` or `false`.
    public mutating func readBool() throws(JSONError) -> Bool {
        parser.skipWhitespace()
        if parser.peek(UInt8(ascii: "t")) { try parser.expectLiteral("true"); return true }
        if parser.peek(UInt8(ascii: "f")) { try parser.expectLiteral("false"); return false }
        throw shape("a boolean")
    }

    /// Reads a `null` if one comes next, and says whether it did.
    public mutating func readNull() throws(JSONError) -> Bool {
        parser.skipWhitespace()
        guard parser.peek(UInt8(ascii: "n")) else { return false }
        try parser.expectLiteral("null")
        return true
    }

    /// The next value, whole, as `JSON.parse` builds it.
    public mutating func readValue() throws(JSONError) -> Value {
        parser.skipWhitespace()
        return try parser.parseValue()
    }

    /// Steps over the next value, checking its syntax as `JSON.parse` would.
    public mutating func skipValue() throws(JSONError) {
        parser.skipWhitespace()
        try parser.skipValue()
    }

    /// Steps over the next value and returns where its text is in the bytes given to
    /// `read`, so it can be kept as text (`RawJSON`) and read later.
    public mutating func readRawRange() throws(JSONError) -> Range<Int> {
        parser.skipWhitespace()
        let start = parser.index
        try parser.skipValue()
        return (base + start)..<(base + parser.index)
    }

    /// A `.shape` error at the current position: "expected …".
    public func shape(_ expected: String) -> JSONError {
        parser.error(.shape, "expected \(expected), found \(parser.describeCurrent())")
    }

    private mutating func expect(_ opening: UInt8, _ expected: String) throws(JSONError) {
        parser.skipWhitespace()
        guard parser.peek(opening) else { throw shape(expected) }
    }
}
