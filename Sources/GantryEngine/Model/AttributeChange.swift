import GantryBasics

/// One attribute that differs between before and after, for attribute-level diffs.
public struct AttributeChange: Sendable, Hashable {
    /// The top-level attribute name.
    public var name: String
    /// The value before; nil when the attribute is new.
    public var before: Value?
    /// The value after; `.unknown` when it is known only after apply, nil when removed.
    public var after: Value?
    /// Whether the value is secret and must be shown as `(sensitive)`.
    public var sensitive: Bool
    /// Whether a change of this attribute forces the replacement.
    public var forcesReplacement: Bool

    public init(name: String, before: Value?, after: Value?, sensitive: Bool = false,
                forcesReplacement: Bool = false) {
        self.name = name
        self.before = before
        self.after = after
        self.sensitive = sensitive
        self.forcesReplacement = forcesReplacement
    }

    /// The attributes that differ between two attribute maps, sorted by name.
    static func diff(before: [String: Value]?, after: [String: Value]?, sensitive: Set<String> = [],
                     forceNew: Set<String> = []) -> [AttributeChange] {
        let b = before ?? [:], a = after ?? [:]
        var names = Set(b.keys)
        names.formUnion(a.keys)
        return names.sorted().compactMap { name in
            let old = b[name], new = a[name]
            if old == new { return nil }
            return AttributeChange(name: name, before: old, after: new, sensitive: sensitive.contains(name),
                                   forcesReplacement: forceNew.contains(name))
        }
    }
}
