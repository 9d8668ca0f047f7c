import Foundation

/// A dynamically typed attribute value: what specs evaluate to, what providers accept and
/// return, and what state records. It is JSON plus three markers that exist only before
/// apply: `.unknown` (known once the resource exists), `.reference` (an attribute of
/// another resource, resolved by the engine when that resource is done) and `.template`
/// (a string built from text and references, `"${a.id}-logs"`, joined once they resolve).
public enum Value: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([Value])
    case object([String: Value])
    /// Not known until apply (a computed attribute, or one derived from one).
    case unknown
    /// `${address.attribute}` of another resource; an edge in the graph. Boxed: inline, its
    /// two strings would make every `Value` (and every array and dictionary slot) 40 bytes
    /// instead of 24, which showed in plans of 10,000 resources.
    indirect case reference(Reference)
    /// A string interpolating references: its parts are `.string` text and `.reference`s
    /// (or other scalars). Build it with `Value.interpolated(_:)`, which joins the parts
    /// into a `.string` as soon as every one is known.
    case template([Value])

    /// An attribute of another resource or spec item.
    public struct Reference: Sendable, Hashable, CustomStringConvertible {
        public var address: ResourceAddress
        public var attribute: String

        public init(address: ResourceAddress, attribute: String) {
            self.address = address
            self.attribute = attribute
        }

        public var description: String { "${\(address.rawValue).\(attribute)}" }
    }
}

extension Value {
    public var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }
    public var intValue: Int? {
        switch self {
        case .int(let i): return i
        case .double(let d) where d == d.rounded() && abs(d) < 9e15: return Int(d)
        default: return nil
        }
    }
    public var doubleValue: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }
    public var boolValue: Bool? { if case .bool(let b) = self { return b } else { return nil } }
    public var arrayValue: [Value]? { if case .array(let a) = self { return a } else { return nil } }
    public var objectValue: [String: Value]? { if case .object(let o) = self { return o } else { return nil } }
    public var isNull: Bool { if case .null = self { return true } else { return false } }

    /// True when this value, or anything inside it, is `.unknown` or `.reference`.
    public var containsUnknown: Bool {
        switch self {
        case .unknown, .reference, .template: return true
        case .array(let a): return a.contains { $0.containsUnknown }
        case .object(let o): return o.values.contains { $0.containsUnknown }
        default: return false
        }
    }

    /// Every reference inside this value, in a stable order.
    public var references: [Reference] {
        var out: [Reference] = []
        visitReferences(sorted: true) { out.append($0) }
        return out
    }

    /// Calls `body` with every reference inside, in no set order: cheaper than
    /// `references` where only the set of them matters.
    public func forEachReference(_ body: (Reference) -> Void) {
        visitReferences(sorted: false, body)
    }

    private func visitReferences(sorted: Bool, _ body: (Reference) -> Void) {
        switch self {
        case .reference(let r): body(r)
        case .array(let a), .template(let a): for v in a { v.visitReferences(sorted: sorted, body) }
        case .object(let o) where sorted: for k in o.keys.sorted() { o[k]?.visitReferences(sorted: sorted, body) }
        case .object(let o): for v in o.values { v.visitReferences(sorted: sorted, body) }
        default: break
        }
    }

    /// The parts of an interpolated string, joined when all are known: a `.string` when
    /// every part is a known scalar, `.unknown` when any part is unknown (or not a scalar),
    /// else a `.template` still waiting for its references.
    public static func interpolated(_ parts: [Value]) -> Value {
        var text = ""
        var waiting = false
        for part in parts {
            switch part {
            case .reference, .template: waiting = true
            case .unknown, .array, .object: return .unknown
            default: text += part.interpolationText ?? ""
            }
        }
        guard waiting else { return .string(text) }
        // Nested templates flatten, so a template's parts are always scalars and references.
        return .template(parts.flatMap { part -> [Value] in
            if case .template(let inner) = part { return inner }
            return [part]
        })
    }

    /// A template as written: `${a.b.id}-logs`.
    public static func templateText(_ parts: [Value]) -> String {
        parts.map { part in
            switch part {
            case .reference(let r): r.description
            case .unknown: "(known after apply)"
            default: part.interpolationText ?? ""
            }
        }.joined()
    }

    /// The text a scalar takes inside a string (`3`, `0.5`, `true`, empty for null); nil for
    /// lists, objects and values not known yet.
    public var interpolationText: String? {
        switch self {
        case .null: ""
        case .bool(let b): b ? "true" : "false"
        case .int(let i): String(i)
        case .double(let d): d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)
        case .string(let s): s
        case .array, .object, .unknown, .reference, .template: nil
        }
    }

    /// `a string`, `an object`, … for messages.
    public var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .int, .double: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        case .unknown: "an unknown value"
        case .reference: "a reference"
        case .template: "a string with references"
        }
    }

    /// Member access for objects: `value["gpu"]?["model"]`.
    public subscript(key: String) -> Value? {
        if case .object(let o) = self { return o[key] }
        return nil
    }
}

extension Value: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByFloatLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(arrayLiteral elements: Value...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, Value)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    public init(nilLiteral: ()) { self = .null }
}
