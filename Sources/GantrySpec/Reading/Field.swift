import GantryBasics

/// The outcome of reading one typed field of the spec.
enum Field<T: Sendable>: Sendable {
    /// The key is not there.
    case absent
    /// The value was wrong; a diagnostic has been reported.
    case invalid
    /// The value depends on another item and is known only after apply.
    case unknown(SpecValue)
    case known(Located<T>)

    var known: Located<T>? { if case .known(let l) = self { return l } else { return nil } }
    var value: T? { known?.value }
    var isAbsent: Bool { if case .absent = self { return true } else { return false } }

    /// The field as a value for an intent: the canonical encoding when known, the
    /// reference or unknown marker when not, nil when absent or invalid.
    func specValue(_ encode: (T) -> SpecValue) -> SpecValue? {
        switch self {
        case .absent, .invalid: return nil
        case .unknown(let v): return v
        case .known(let l): return encode(l.value)
        }
    }
}

/// A mapping node checked against the keys it may have.
struct Fields {
    let node: YAMLNode
    let path: String
    /// Spec mappings have a handful of keys: a linear scan beats hashing them.
    private let entries: [YAMLNode.Entry]

    init(node: YAMLNode, path: String, entries: [YAMLNode.Entry]) {
        self.node = node
        self.path = path
        self.entries = entries
    }

    subscript(key: String) -> YAMLNode? { entries.first { $0.key == key }?.value }
    func keyLocation(_ key: String) -> SourceLocation? { entries.first { $0.key == key }?.keyLocation }
    func path(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
    var location: SourceLocation { node.location }
}
