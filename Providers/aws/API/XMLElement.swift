/// A parsed XML element: enough of XML for AWS's query and S3 responses.
///
/// AWS answers are plain elements, text and entities — no DTDs, no mixed content that
/// matters — so this small reader replaces a dependency on libxml2. Namespaces are kept
/// in names only as written (`xmlns` attributes are ignored).
struct XMLElement: Sendable, Hashable {
    var name: String
    var children: [XMLElement] = []
    var text = ""

    /// The first child called `name`.
    subscript(_ name: String) -> XMLElement? { children.first { $0.name == name } }

    /// Every child called `name`.
    func all(_ name: String) -> [XMLElement] { children.filter { $0.name == name } }

    /// The text of the child at `path` (`"vpcId"`, `"state/name"`).
    func string(_ path: String) -> String? {
        var node: XMLElement? = self
        for part in path.split(separator: "/") { node = node?[String(part)] }
        return node?.text
    }

    /// The `<item>` (or `<member>`) children of the child at `path`: EC2 and query list shapes.
    func items(_ path: String) -> [XMLElement] {
        var node: XMLElement? = self
        for part in path.split(separator: "/") { node = node?[String(part)] }
        return node?.children.filter { $0.name == "item" || $0.name == "member" } ?? []
    }

    /// The first element called `name` anywhere below (depth first).
    func find(_ name: String) -> XMLElement? {
        for child in children {
            if child.name == name { return child }
            if let found = child.find(name) { return found }
        }
        return nil
    }

    /// Parses a document; nil when it is not well-formed enough to read.
    static func parse(_ bytes: [UInt8]) -> XMLElement? {
        var reader = XMLReader(bytes: bytes)
        return reader.document()
    }
}

private struct XMLReader {
    let bytes: [UInt8]
    var i = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func document() -> XMLElement? {
        // A synthetic root collects the top-level element.
        var stack = [XMLElement(name: "#document")]
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "<") {
                if starts("<?") { skip(past: "?>"); continue }
                if starts("<!--") { skip(past: "-->"); continue }
                if starts("<![CDATA[") {
                    i += 9
                    let start = i
                    skip(past: "]]>")
                    stack[stack.count - 1].text += String(decoding: bytes[start..<max(start, i - 3)], as: UTF8.self)
                    continue
                }
                if starts("<!") { skip(past: ">"); continue }
                if starts("</") {
                    skip(past: ">")
                    guard stack.count > 1, let done = stack.popLast() else { return nil }
                    stack[stack.count - 1].children.append(done)
                    continue
                }
                i += 1
                let start = i
                while i < bytes.count, !isSpace(bytes[i]), bytes[i] != UInt8(ascii: ">"), bytes[i] != UInt8(ascii: "/") { i += 1 }
                let name = String(decoding: bytes[start..<i], as: UTF8.self)
                // Attributes are not needed by any AWS shape Gantry reads; skip to the tag's end,
                // respecting quotes.
                var quote: UInt8?
                var selfClosing = false
                while i < bytes.count {
                    let b = bytes[i]
                    if let q = quote { if b == q { quote = nil } } else if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
                        quote = b
                    } else if b == UInt8(ascii: ">") {
                        selfClosing = i > 0 && bytes[i - 1] == UInt8(ascii: "/")
                        i += 1
                        break
                    }
                    i += 1
                }
                let element = XMLElement(name: name)
                if selfClosing { stack[stack.count - 1].children.append(element) } else { stack.append(element) }
            } else {
                let start = i
                while i < bytes.count, bytes[i] != UInt8(ascii: "<") { i += 1 }
                let raw = String(decoding: bytes[start..<i], as: UTF8.self)
                if stack.count > 1 { stack[stack.count - 1].text += Self.unescape(raw) }
            }
        }
        guard stack.count == 1 else { return nil }
        return stack[0].children.first
    }

    func starts(_ prefix: String) -> Bool {
        let p = Array(prefix.utf8)
        return i + p.count <= bytes.count && Array(bytes[i..<i + p.count]) == p
    }

    mutating func skip(past terminator: String) {
        let t = Array(terminator.utf8)
        while i < bytes.count {
            if i + t.count <= bytes.count && Array(bytes[i..<i + t.count]) == t { i += t.count; return }
            i += 1
        }
    }

    func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    static func unescape(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            guard let semi = rest[amp...].firstIndex(of: ";") else { break }
            let entity = rest[rest.index(after: amp)..<semi]
            switch entity {
            case "lt": out += "<"
            case "gt": out += ">"
            case "amp": out += "&"
            case "quot": out += "\""
            case "apos": out += "'"
            default:
                let number = entity.hasPrefix("#x") ? UInt32(entity.dropFirst(2), radix: 16)
                    : entity.hasPrefix("#") ? UInt32(entity.dropFirst()) : nil
                if let number, let scalar = Unicode.Scalar(number) { out.unicodeScalars.append(scalar) } else {
                    out += "&\(entity);"
                }
            }
            rest = rest[rest.index(after: semi)...]
        }
        return out + rest
    }
}

/// Escapes text for an XML body Gantry sends (S3 lifecycle configuration).
func xmlEscape(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
}
