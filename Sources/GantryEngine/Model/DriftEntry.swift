import GantryBasics

/// A difference between state and the cloud found by refresh: a change made outside Gantry.
public struct DriftEntry: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        /// The resource no longer exists in the cloud; it is dropped from state.
        case deleted
        /// Attributes differ from what state recorded.
        case changed
    }

    public var address: ResourceAddress
    public var type: String
    public var provider: String
    public var kind: Kind
    /// The attributes as recorded before refresh.
    public var before: [String: Value]
    /// The attributes as read from the cloud; nil when deleted.
    public var after: [String: Value]?
    public var sensitive: Set<String>

    public init(address: ResourceAddress, type: String, provider: String, kind: Kind,
                before: [String: Value], after: [String: Value]?, sensitive: Set<String> = []) {
        self.address = address
        self.type = type
        self.provider = provider
        self.kind = kind
        self.before = before
        self.after = after
        self.sensitive = sensitive
    }

    /// The attributes changed outside Gantry, sorted by name.
    public var attributeChanges: [AttributeChange] {
        AttributeChange.diff(before: before, after: after, sensitive: sensitive)
    }

    /// `deleted outside Gantry` / `changed outside Gantry`, as the plan shows it.
    public var summary: String {
        switch kind {
        case .deleted: "deleted outside Gantry"
        case .changed: "changed outside Gantry"
        }
    }
}
