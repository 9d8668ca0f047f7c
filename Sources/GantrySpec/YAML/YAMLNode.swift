import GantryBasics

/// One node of a parsed YAML document, with the place it was written.
///
/// Mappings keep their keys in source order together with each key's own location, so a
/// diagnostic about a key points at the key and one about a value points at the value.
/// Aliases are resolved while parsing: an alias shares the anchored node's storage, so a
/// deeply aliased document costs no extra memory until someone walks it (which the parser
/// bounds, see `YAMLParser.Limits`).
public struct YAMLNode: Sendable {
    public enum ScalarStyle: Sendable, Hashable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    /// A scalar's text as written (after YAML unescaping), its style and explicit tag.
    public struct Scalar: Sendable, Hashable {
        public var text: String
        public var style: ScalarStyle
        /// The explicit tag (`tag:yaml.org,2002:str` for `!!str`), nil when untagged.
        public var tag: String?

        public init(text: String, style: ScalarStyle = .plain, tag: String? = nil) {
            self.text = text
            self.style = style
            self.tag = tag
        }
    }

    /// One `key: value` pair of a mapping.
    public struct Entry: Sendable {
        public var key: String
        public var keyLocation: SourceLocation
        public var value: YAMLNode

        public init(key: String, keyLocation: SourceLocation, value: YAMLNode) {
            self.key = key
            self.keyLocation = keyLocation
            self.value = value
        }
    }

    public enum Content: Sendable {
        case scalar(Scalar)
        case sequence([YAMLNode])
        case mapping([Entry])
    }

    public var content: Content
    /// Where the node starts.
    public var location: SourceLocation
    /// How many nodes this one stands for once aliases are expanded (itself included).
    /// Saturates instead of overflowing; the parser refuses documents above its limit.
    public var expandedSize: Int

    public init(_ content: Content, at location: SourceLocation) {
        self.content = content
        self.location = location
        switch content {
        case .scalar: expandedSize = 1
        case .sequence(let items): expandedSize = items.reduce(1) { $0.addingSaturated($1.expandedSize) }
        case .mapping(let entries): expandedSize = entries.reduce(1) { $0.addingSaturated($1.value.expandedSize + 1) }
        }
    }

    public var scalar: Scalar? { if case .scalar(let s) = content { return s } else { return nil } }
    public var sequence: [YAMLNode]? { if case .sequence(let s) = content { return s } else { return nil } }
    public var mapping: [Entry]? { if case .mapping(let m) = content { return m } else { return nil } }

    /// The value of `key` in a mapping (the first one, duplicates are reported while parsing).
    public subscript(key: String) -> YAMLNode? {
        mapping?.first(where: { $0.key == key })?.value
    }

    /// `mapping`, `sequence` or `scalar`, as error messages name them.
    public var kindName: String {
        switch content {
        case .scalar: return "a scalar"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }
}

extension Int {
    func addingSaturated(_ other: Int) -> Int {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? Int.max : sum
    }
}
