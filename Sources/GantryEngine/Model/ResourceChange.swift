import GantryBasics

/// The planned change of one resource: its action, the attributes before and after, and
/// why a replacement is needed.
public struct ResourceChange: Sendable, Hashable {
    public var address: ResourceAddress
    public var type: String
    /// The resource's own name (`main` in `…sim_node_group.main`).
    public var name: String
    public var provider: String
    /// The intent item it was lowered from, when known.
    public var origin: ResourceAddress?
    public var action: ChangeAction
    /// The cloud's id of the existing resource (nil for a create).
    public var priorID: String?
    /// The attributes as recorded (after refresh); nil for a create.
    public var before: [String: Value]?
    /// The attributes after apply: `.unknown` where known only once applied; nil for a delete.
    public var after: [String: Value]?
    /// The desired attributes with references to other resources kept as `.reference`,
    /// resolved by the apply walker from the results of finished dependencies.
    public var config: [String: Value]?
    /// The attributes whose change forces a replacement.
    public var replaceReasons: [String]
    /// Desired dependencies (references and dependsOn) for creates and updates; the
    /// recorded dependencies for deletes.
    public var dependencies: [ResourceAddress]
    /// Attribute names holding secrets.
    public var sensitive: Set<String>
    /// Set when a create interrupted by a crash was found in the cloud and is adopted.
    public var adoptedID: String?
    /// Where the intent item is declared.
    public var location: SourceLocation?

    public init(address: ResourceAddress, type: String, name: String, provider: String,
                origin: ResourceAddress? = nil, action: ChangeAction, priorID: String? = nil,
                before: [String: Value]? = nil, after: [String: Value]? = nil, config: [String: Value]? = nil,
                replaceReasons: [String] = [], dependencies: [ResourceAddress] = [], sensitive: Set<String> = [],
                adoptedID: String? = nil, location: SourceLocation? = nil) {
        self.address = address
        self.type = type
        self.name = name
        self.provider = provider
        self.origin = origin
        self.action = action
        self.priorID = priorID
        self.before = before
        self.after = after
        self.config = config
        self.replaceReasons = replaceReasons
        self.dependencies = dependencies
        self.sensitive = sensitive
        self.adoptedID = adoptedID
        self.location = location
    }

    /// The attributes that differ, sorted by name; replacement-forcing ones are marked.
    public var attributeChanges: [AttributeChange] {
        AttributeChange.diff(before: before, after: after, sensitive: sensitive,
                             forceNew: Set(replaceReasons))
    }

    /// Names of attributes that stay unknown until apply.
    public var unknownAfterApply: [String] {
        (after ?? [:]).filter { $0.value.containsUnknown }.map(\.key).sorted()
    }
}
