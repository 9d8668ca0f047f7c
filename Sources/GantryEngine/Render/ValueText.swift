import GantryBasics

/// How attribute values look in the human plan: JSON-like literals, with the two
/// before-apply markers spelled out.
enum ValueText {
    static let unknown = "(known after apply)"

    static func render(_ value: Value?, sensitive: Bool = false) -> String {
        guard let value else { return "null" }
        if sensitive && !value.isNull {
            return value == .unknown ? unknown : Secrets.placeholder
        }
        switch value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        case .string(let s): return quoted(s)
        case .array(let items): return "[" + items.map { render($0) }.joined(separator: ", ") + "]"
        case .object(let members):
            if members.isEmpty { return "{}" }
            return "{ " + members.keys.sorted().map { "\($0) = \(render(members[$0]))" }.joined(separator: ", ") + " }"
        case .unknown: return unknown
        case .reference(let ref): return ref.description
        case .template(let parts): return quoted(Value.templateText(parts))
        }
    }

    static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 {
                    out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                        + String(scalar.value, radix: 16)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
