/// A JSON text that could not be parsed, or a `Value` that has no JSON form.
///
/// Parse errors carry the byte offset and the 1-based line and column (counted in
/// Unicode scalars) of the problem; encoding errors carry the path inside the value.
public struct JSONError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem, stable enough for tests and metric labels.
    public enum Kind: String, Sendable, Hashable {
        /// Not JSON: an unexpected character or the input ended early.
        case syntax
        /// A string holds bytes that are not UTF-8, a raw control character, a bad
        /// escape or a lone surrogate.
        case invalidString
        /// A number outside the range of `Double`.
        case numberOutOfRange
        /// Nested deeper than the parser's limit.
        case tooDeep
        /// Well-formed JSON that is not the shape a `JSONReader` caller expected (a
        /// string where an object should be).
        case shape
        /// Encoding met NaN, an infinity, or an unknown/reference without `markers`.
        case notRepresentable
    }

    public var kind: Kind
    /// What is wrong, in one sentence.
    public var message: String
    /// Parse errors: where, in bytes from the start of the input.
    public var offset: Int?
    /// Parse errors: 1-based line of `offset`.
    public var line: Int?
    /// Parse errors: 1-based column of `offset`, in Unicode scalars.
    public var column: Int?
    /// Encoding errors: the path of the offending value, like `$.resources[3].password`.
    public var path: String?

    public init(kind: Kind, message: String, offset: Int? = nil, line: Int? = nil, column: Int? = nil,
                path: String? = nil) {
        self.kind = kind
        self.message = message
        self.offset = offset
        self.line = line
        self.column = column
        self.path = path
    }

    public var description: String {
        if let line, let column, let offset {
            return "line \(line), column \(column) (byte \(offset)): \(message)"
        }
        if let path { return "at \(path): \(message)" }
        return message
    }

    /// Fills in `line` and `column` from `offset`; done only once an error is thrown so
    /// the parser need not track lines on the hot path.
    func locating(in bytes: [UInt8]) -> JSONError {
        guard let offset, line == nil else { return self }
        var copy = self
        var line = 1
        var column = 1
        for byte in bytes.prefix(offset) {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0b1100_0000 != 0b1000_0000 {  // not a UTF-8 continuation byte
                column += 1
            }
        }
        copy.line = line
        copy.column = column
        return copy
    }
}
