/// Writes `Value`s as JSON bytes; the engine behind `JSON.encode`.
struct JSONWriter {
    var out: [UInt8]
    let pretty: Bool
    let sortedKeys: Bool
    let markers: Bool

    init(out: [UInt8], pretty: Bool, sortedKeys: Bool, markers: Bool) {
        self.out = out
        self.pretty = pretty
        self.sortedKeys = sortedKeys
        self.markers = markers
    }

    mutating func write(_ value: Value, indent: Int) throws(JSONError) {
        switch value {
        case .null: appendASCII("null")
        case .bool(let b): appendASCII(b ? "true" : "false")
        case .int(let i): writeInt(i)
        case .double(let d): try writeDouble(d)
        case .string(let s): writeString(s)
        case .array(let items): try writeArray(items, indent: indent)
        case .object(let members): try writeObject(members, indent: indent)
        case .unknown:
            guard markers else {
                throw JSONError(kind: .notRepresentable, message: "an unknown value has no JSON form", path: "$")
            }
            appendASCII(pretty ? #"{ "$unknown": true }"# : #"{"$unknown":true}"#)
        case .reference(let ref):
            guard markers else {
                throw JSONError(kind: .notRepresentable,
                                message: "the reference \(ref) has no JSON form", path: "$")
            }
            appendASCII(pretty ? #"{ "$ref": "# : #"{"$ref":"#)
            writeString(ref.address.rawValue, then: ref.attribute)
            appendASCII(pretty ? " }" : "}")
        case .template(let parts):
            guard markers else {
                throw JSONError(kind: .notRepresentable,
                                message: "a string interpolating references has no JSON form", path: "$")
            }
            appendASCII(pretty ? #"{ "$template": "# : #"{"$template":"#)
            try writeArray(parts, indent: indent)
            appendASCII(pretty ? " }" : "}")
        }
    }

    private mutating func writeArray(_ items: [Value], indent: Int) throws(JSONError) {
        if items.isEmpty { return appendASCII("[]") }
        out.append(UInt8(ascii: "["))
        for (index, item) in items.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            newline(indent + 1)
            do { try write(item, indent: indent + 1) } catch { throw error.under("[\(index)]") }
        }
        newline(indent)
        out.append(UInt8(ascii: "]"))
    }

    private mutating func writeObject(_ members: [String: Value], indent: Int) throws(JSONError) {
        if members.isEmpty { return appendASCII("{}") }
        out.append(UInt8(ascii: "{"))
        if sortedKeys {
            for (index, member) in members.sorted(by: { $0.key < $1.key }).enumerated() {
                try writeMember(member.key, member.value, first: index == 0, indent: indent)
            }
        } else {
            // Straight from the dictionary: copying its pairs into an array first cost an
            // allocation per object, which showed on 10,000-resource plugin messages.
            var first = true
            for (key, value) in members {
                try writeMember(key, value, first: first, indent: indent)
                first = false
            }
        }
        newline(indent)
        out.append(UInt8(ascii: "}"))
    }

    private mutating func writeMember(_ key: String, _ value: Value, first: Bool, indent: Int) throws(JSONError) {
        if !first { out.append(UInt8(ascii: ",")) }
        newline(indent + 1)
        writeString(key)
        out.append(UInt8(ascii: ":"))
        if pretty { out.append(UInt8(ascii: " ")) }
        do { try write(value, indent: indent + 1) } catch { throw error.under(JSONError.pathComponent(key)) }
    }

    private mutating func newline(_ indent: Int) {
        guard pretty else { return }
        out.append(UInt8(ascii: "\n"))
        for _ in 0..<(indent * 2) { out.append(UInt8(ascii: " ")) }
    }

    mutating func appendASCII(_ s: StaticString) {
        s.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    mutating func writeInt(_ i: Int) {
        if i < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = i.magnitude
        if magnitude < 10 { return out.append(UInt8(ascii: "0") &+ UInt8(magnitude)) }
        // Digits come out least significant first; 20 bytes hold any UInt64.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var count = 0
            while magnitude > 0 {
                digits[19 - count] = UInt8(ascii: "0") &+ UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[(20 - count)...]))
        }
    }

    private mutating func writeDouble(_ d: Double) throws(JSONError) {
        guard d.isFinite else {
            throw JSONError(kind: .notRepresentable, message: "\(d) is not a JSON number", path: "$")
        }
        // Swift's description is the shortest text that reads back as the same Double, and
        // it always has a '.' or an exponent ("3.0", "1e-05"), so it parses back as a double.
        out.append(contentsOf: d.description.utf8)
    }

    mutating func writeString(_ s: String) {
        out.append(UInt8(ascii: "\""))
        appendEscaped(s)
        out.append(UInt8(ascii: "\""))
    }

    /// `"head.tail"` without building the joined string (a reference's wire form).
    private mutating func writeString(_ head: String, then tail: String) {
        out.append(UInt8(ascii: "\""))
        appendEscaped(head)
        out.append(UInt8(ascii: "."))
        appendEscaped(tail)
        out.append(UInt8(ascii: "\""))
    }

    private mutating func appendEscaped(_ s: String) {
        var s = s
        s.withUTF8 { bytes in
            var runStart = 0
            for (index, byte) in bytes.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C {
                if runStart < index { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index])) }
                appendEscape(byte)
                runStart = index + 1
            }
            if runStart < bytes.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...])) }
        }
    }

    private mutating func appendEscape(_ byte: UInt8) {
        out.append(UInt8(ascii: "\\"))
        switch byte {
        case 0x22: out.append(0x22)
        case 0x5C: out.append(0x5C)
        case 0x08: out.append(UInt8(ascii: "b"))
        case 0x0C: out.append(UInt8(ascii: "f"))
        case 0x0A: out.append(UInt8(ascii: "n"))
        case 0x0D: out.append(UInt8(ascii: "r"))
        case 0x09: out.append(UInt8(ascii: "t"))
        default:
            func hex(_ nibble: UInt8) -> UInt8 { nibble < 10 ? 0x30 + nibble : 0x57 + nibble }
            out.append(UInt8(ascii: "u"))
            out.append(UInt8(ascii: "0"))
            out.append(UInt8(ascii: "0"))
            out.append(hex(byte >> 4))
            out.append(hex(byte & 0xF))
        }
    }
}

extension JSONError {
    /// The same error one level further out, for callers that encode part of a larger
    /// document: `$.b` under `.a` becomes `$.a.b`, under `[3]` becomes `$[3].b`.
    public func under(_ component: String) -> JSONError {
        var copy = self
        let inner = (path ?? "$").dropFirst()  // drop the "$"
        copy.path = "$" + component + inner
        return copy
    }

    /// `.name` for plain keys, `["odd key"]` otherwise.
    static func pathComponent(_ key: String) -> String {
        let plain = !key.isEmpty && key.utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b == 0x2D
        }
        return plain ? "." + key : "[\"" + key + "\"]"
    }
}
