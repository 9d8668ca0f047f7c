/// Recursive-descent JSON parser over a byte buffer; the engine behind `JSON.parse` and
/// `JSONReader`.
///
/// Errors carry only the byte offset; `JSON.parse` adds line and column afterwards.
struct JSONParser {
    let bytes: UnsafeBufferPointer<UInt8>
    /// The next byte to read.
    var index = 0
    let markers: Bool
    private let maxDepth: Int
    var depth = 0
    /// Reused for strings with escapes, so each one does not allocate a fresh buffer.
    private var scratch: [UInt8] = []
    /// Members of the objects being parsed, innermost last; each object is built from its
    /// tail at once, so its dictionary is sized right instead of growing member by member.
    private var memberStack: [(key: String, value: Value)] = []

    init(_ bytes: UnsafeBufferPointer<UInt8>, markers: Bool, maxDepth: Int) {
        self.bytes = bytes
        self.markers = markers
        self.maxDepth = maxDepth
    }

    /// Skips a UTF-8 byte-order mark at the start of the input.
    mutating func skipByteOrderMark() {
        if index == 0, bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
    }

    /// Throws unless only whitespace is left.
    mutating func expectEnd() throws(JSONError) {
        skipWhitespace()
        if index < bytes.count { throw error(.syntax, "unexpected \(describeCurrent()) after the JSON value") }
    }

    // MARK: Values

    mutating func parseValue() throws(JSONError) -> Value {
        guard index < bytes.count else { throw error(.syntax, "the input ended where a value was expected") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw error(.syntax, "unexpected \(describeCurrent()) where a value was expected")
        }
    }

    private mutating func parseObject() throws(JSONError) -> Value {
        let base = memberStack.count
        if try beginObject() {
            repeat { memberStack.append((try memberKey(), try parseValue())) } while try nextMember()
        }
        if markers, memberStack.count - base == 1, let marker = Value.marker(memberStack[base].key, memberStack[base].value) {
            memberStack.removeLast()
            return marker
        }
        var members = [String: Value](minimumCapacity: memberStack.count - base)
        for (key, value) in memberStack[base...] { members[key] = value }  // last duplicate wins
        memberStack.removeSubrange(base...)
        // Repeated keys can leave one member: `{"$ref": "a.b", "$ref": "c.d"}` is a marker too.
        return markers && members.count == 1 ? Value.fromMarker(members) : .object(members)
    }

    private mutating func parseArray() throws(JSONError) -> Value {
        var items: [Value] = []
        if try beginArray() {
            repeat { items.append(try parseValue()) } while try nextElement()
        }
        return .array(items)
    }

    mutating func enter() throws(JSONError) {
        depth += 1
        if depth > maxDepth { throw error(.tooDeep, "nested deeper than \(maxDepth) levels") }
    }

    // MARK: Containers, step by step

    // The steps every reader of objects and arrays takes — parsing, skipping, and
    // `JSONReader` — so all of them check and word the syntax alike:
    //
    //     if try beginObject() { repeat { key = try memberKey(); <read the value> } while try nextMember() }
    //     if try beginArray() { repeat { <read the element> } while try nextElement() }

    /// Opens the object whose `{` is at `index`; false when it is empty (and so closed).
    mutating func beginObject() throws(JSONError) -> Bool {
        try enter()
        index += 1  // {
        skipWhitespace()
        guard peek(UInt8(ascii: "}")) else { return true }
        index += 1
        depth -= 1
        return false
    }

    /// Reads a member's name and its `:`, up to the start of its value.
    mutating func memberKey() throws(JSONError) -> String {
        let keyStart = try memberKeyStart()
        let key = try parseString()
        try memberColon(keyStart: keyStart, key: key)
        return key
    }

    /// Steps over a member's name and its `:`; the name is decoded only to word an error.
    mutating func skipMemberKey() throws(JSONError) {
        let keyStart = try memberKeyStart()
        try skipString()
        try memberColon(keyStart: keyStart, key: nil)
    }

    private mutating func memberKeyStart() throws(JSONError) -> Int {
        skipWhitespace()
        guard peek(UInt8(ascii: "\"")) else {
            throw error(.syntax, "expected a quoted member name, found \(describeCurrent())")
        }
        return index
    }

    /// The `:` after the name that starts at `keyStart` (`key`, when already decoded).
    private mutating func memberColon(keyStart: Int, key: String?) throws(JSONError) {
        skipWhitespace()
        guard peek(UInt8(ascii: ":")) else {
            let found = describeCurrent(), colon = index
            index = keyStart
            let name: String
            if let key { name = key } else { name = try parseString() }
            index = colon
            throw error(.syntax, "expected ':' after member name \"\(name)\", found \(found)")
        }
        index += 1
        skipWhitespace()
    }

    /// After a member's value: true at a `,` (another member follows), false at the `}`
    /// that closes the object.
    mutating func nextMember() throws(JSONError) -> Bool {
        skipWhitespace()
        if peek(UInt8(ascii: ",")) { index += 1; return true }
        if peek(UInt8(ascii: "}")) { index += 1; depth -= 1; return false }
        throw error(.syntax, "expected ',' or '}' after an object member, found \(describeCurrent())")
    }

    /// Opens the array whose `[` is at `index`; false when it is empty (and so closed).
    mutating func beginArray() throws(JSONError) -> Bool {
        try enter()
        index += 1  // [
        skipWhitespace()
        guard peek(UInt8(ascii: "]")) else { return true }
        index += 1
        depth -= 1
        return false
    }

    /// After an element: true at a `,` (another element follows), false at the `]` that
    /// closes the array.
    mutating func nextElement() throws(JSONError) -> Bool {
        skipWhitespace()
        if peek(UInt8(ascii: ",")) { index += 1; skipWhitespace(); return true }
        if peek(UInt8(ascii: "]")) { index += 1; depth -= 1; return false }
        throw error(.syntax, "expected ',' or ']' after an array element, found \(describeCurrent())")
    }

    // MARK: Skipping

    /// Checks one value exactly as `parseValue` does — the same errors at the same
    /// offsets — without building it: how a reader steps over members it does not want
    /// and how a message envelope checks a payload it leaves as text.
    mutating func skipValue() throws(JSONError) {
        guard index < bytes.count else { throw error(.syntax, "the input ended where a value was expected") }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            if try beginObject() { repeat { try skipMemberKey(); try skipValue() } while try nextMember() }
        case UInt8(ascii: "["):
            if try beginArray() { repeat { try skipValue() } while try nextElement() }
        case UInt8(ascii: "\""): try skipString()
        default: _ = try parseValue()  // a literal or a number: nothing to allocate
        }
    }

    /// A string: plain ASCII without escapes is only scanned; anything else is decoded by
    /// `parseString`, which checks escapes and UTF-8.
    private mutating func skipString() throws(JSONError) {
        var cursor = index + 1
        while cursor < bytes.count {
            let byte = bytes[cursor]
            if byte == UInt8(ascii: "\"") {
                index = cursor + 1
                return
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 || byte >= 0x80 { break }
            cursor += 1
        }
        _ = try parseString()
    }

    // MARK: Strings

    mutating func parseString() throws(JSONError) -> String {
        let start = index
        index += 1  // opening quote
        // Fast path: no escapes, just find the closing quote.
        var cursor = index
        var allBits: UInt8 = 0  // any byte ≥ 0x80 sets the top bit: not plain ASCII
        while cursor < bytes.count {
            let byte = bytes[cursor]
            allBits |= byte
            if byte == UInt8(ascii: "\"") {
                let run = UnsafeBufferPointer(rebasing: bytes[index..<cursor])
                let string = allBits < 0x80 ? String(decoding: run, as: UTF8.self) : try Self.makeString(run, at: index)
                index = cursor + 1
                return string
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 {
                index = cursor
                throw error(.invalidString, "a raw control character (0x\(String(byte, radix: 16))) in a string; escape it")
            }
            cursor += 1
        }
        guard cursor < bytes.count else {
            index = start
            throw error(.syntax, "a string that is never closed")
        }
        return try parseEscapedString(from: start, runStart: cursor)
    }

    /// The slow path: copies into `scratch`, decoding escapes.
    private mutating func parseEscapedString(from start: Int, runStart: Int) throws(JSONError) -> String {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[(start + 1)..<runStart]))
        index = runStart
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return try scratch.withUnsafeBufferPointer { buffer throws(JSONError) in
                    try Self.makeString(buffer, at: start + 1)
                }
            case UInt8(ascii: "\\"):
                index += 1
                try parseEscape()
            case 0..<0x20:
                throw error(.invalidString, "a raw control character (0x\(String(byte, radix: 16))) in a string; escape it")
            default:
                scratch.append(byte)
                index += 1
            }
        }
        index = start
        throw error(.syntax, "a string that is never closed")
    }

    private mutating func parseEscape() throws(JSONError) {
        guard index < bytes.count else { throw error(.syntax, "the input ended inside an escape") }
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(byte)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = UInt32(try parseHex4())
            if (0xD800...0xDBFF).contains(scalar) {
                // A high surrogate must be followed by an escaped low surrogate.
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                else { throw error(.invalidString, "a high surrogate \\u\(hex(scalar)) without a low surrogate after it") }
                index += 2
                let low = UInt32(try parseHex4())
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw error(.invalidString, "\\u\(hex(scalar)) is followed by \\u\(hex(low)), not a low surrogate")
                }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(scalar) {
                throw error(.invalidString, "a lone low surrogate \\u\(hex(scalar))")
            }
            guard let unicode = Unicode.Scalar(scalar) else {
                throw error(.invalidString, "\\u\(hex(scalar)) is not a Unicode scalar")
            }
            UTF8.encode(unicode) { scratch.append($0) }
        default:
            index -= 1
            throw error(.invalidString, "an unknown escape \\\(describeCurrent())")
        }
    }

    private mutating func parseHex4() throws(JSONError) -> UInt16 {
        guard index + 4 <= bytes.count else { throw error(.syntax, "the input ended inside a \\u escape") }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error(.invalidString, "\(describeCurrent()) is not a hex digit in a \\u escape")
            }
            value = value << 4 | UInt16(digit)
            index += 1
        }
        return value
    }

    private static func makeString(_ utf8: UnsafeBufferPointer<UInt8>, at offset: Int) throws(JSONError) -> String {
        guard let string = String(validating: utf8, as: UTF8.self) else {
            throw JSONError(kind: .invalidString, message: "a string that is not valid UTF-8", offset: offset)
        }
        return string
    }

    private func hex(_ v: UInt32) -> String {
        let digits = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    // MARK: Numbers

    mutating func parseNumber() throws(JSONError) -> Value {
        let start = index
        var negative = false
        if bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        guard index < bytes.count, isDigit(bytes[index]) else {
            throw error(.syntax, "expected a digit after '-', found \(describeCurrent())")
        }
        // Accumulate the magnitude as a negative number so Int.min fits.
        var accumulator = 0
        var overflow = false
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) {
                throw error(.syntax, "a number with a leading zero")
            }
        } else {
            while index < bytes.count, isDigit(bytes[index]) {
                let digit = Int(bytes[index] &- UInt8(ascii: "0"))
                let (times10, o1) = accumulator.multipliedReportingOverflow(by: 10)
                let (next, o2) = times10.subtractingReportingOverflow(digit)
                overflow = overflow || o1 || o2
                accumulator = next
                index += 1
            }
        }
        var isInteger = true
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else {
                throw error(.syntax, "expected a digit after '.', found \(describeCurrent())")
            }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else {
                throw error(.syntax, "expected a digit in the exponent, found \(describeCurrent())")
            }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if isInteger && !overflow {
            if negative { return .int(accumulator) }
            if accumulator != Int.min { return .int(-accumulator) }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let double = Double(text), double.isFinite else {
            index = start
            throw error(.numberOutOfRange, "\(text) is outside the range of a double")
        }
        return .double(double)
    }

    @inline(__always) private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    // MARK: Helpers

    @inline(__always) mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    @inline(__always) func peek(_ byte: UInt8) -> Bool {
        index < bytes.count && bytes[index] == byte
    }

    mutating func expectLiteral(_ literal: StaticString) throws(JSONError) {
        let matches = literal.withUTF8Buffer { lit in
            index + lit.count <= bytes.count && zip(lit, bytes[index...]).allSatisfy { $0 == $1 }
        }
        guard matches else { throw error(.syntax, "unexpected \(describeCurrent()) where a value was expected") }
        index += literal.utf8CodeUnitCount
    }

    /// The current character for messages: `'x'`, or "the end of the input".
    func describeCurrent() -> String {
        guard index < bytes.count else { return "the end of the input" }
        let byte = bytes[index]
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x\(String(byte, radix: 16))"
    }

    func error(_ kind: JSONError.Kind, _ message: String) -> JSONError {
        JSONError(kind: kind, message: message, offset: index)
    }
}
