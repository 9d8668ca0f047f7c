import GantryBasics

// The messages of the provider protocol. Each is plain data so it can cross a process
// boundary as JSON unchanged.

/// What a provider says about its resource types.
public struct ProviderSchema: Sendable, Hashable {
    public var resourceTypes: [ResourceTypeSchema]

    public init(resourceTypes: [ResourceTypeSchema]) { self.resourceTypes = resourceTypes }

    public func type(_ name: String) -> ResourceTypeSchema? { resourceTypes.first { $0.name == name } }
}

/// One resource type: which attributes force replacement, which the cloud computes,
/// which are secret.
public struct ResourceTypeSchema: Sendable, Hashable {
    public var name: String
    /// A change to any of these attributes replaces the resource.
    public var forceNew: Set<String>
    /// Set by the cloud (ids, ARNs, endpoints): unknown until the resource exists.
    public var computed: Set<String>
    /// Redacted in every output and stored redacted-by-path in state.
    public var sensitive: Set<String>
    /// Replace by creating the new one first, then deleting the old one.
    public var createBeforeDestroy: Bool
    /// The provider's `plan` of this type is a pure diff: when every proposed attribute
    /// equals the prior one (computed ones aside) and no prior argument was dropped, it
    /// answers "no change" with the prior attributes. Gantry then skips the call, which is
    /// most of the cost of a no-op plan through a plugin. Leave it false for types whose
    /// plan looks beyond the attributes (repairs, normalisation, time).
    public var unchangedIsNoOp: Bool

    public init(name: String, forceNew: Set<String> = [], computed: Set<String> = [],
                sensitive: Set<String> = [], createBeforeDestroy: Bool = false, unchangedIsNoOp: Bool = false) {
        self.name = name
        self.forceNew = forceNew
        self.computed = computed
        self.sensitive = sensitive
        self.createBeforeDestroy = createBeforeDestroy
        self.unchangedIsNoOp = unchangedIsNoOp
    }
}

/// The `providers.NAME` block of the spec, evaluated.
public struct ConfigureRequest: Sendable, Hashable {
    public var config: [String: Value]
    /// The directory holding the spec's `.gantry/` folder (the sim keeps its world there).
    public var workingDirectory: String

    public init(config: [String: Value], workingDirectory: String) {
        self.config = config
        self.workingDirectory = workingDirectory
    }
}

/// Intent items to lower, in dependency order.
public struct LowerRequest: Sendable, Hashable {
    public var items: [IntentItem]
    public init(items: [IntentItem]) { self.items = items }
}

/// The provider resources that realise the items, plus each item's outputs.
public struct LowerResponse: Sendable, Hashable {
    public var resources: [ResourceConfig]
    /// Per item address, the attributes other items may reference
    /// (`networks.train[us-east-1]` → `vpc_id` → `.reference(vpc, "id")`).
    public var outputs: [ResourceAddress: [String: Value]]
    /// Problems found while lowering (a GPU type the region lacks, …).
    public var diagnostics: [Diagnostic]

    public init(resources: [ResourceConfig], outputs: [ResourceAddress: [String: Value]] = [:],
                diagnostics: [Diagnostic] = []) {
        self.resources = resources
        self.outputs = outputs
        self.diagnostics = diagnostics
    }
}

/// One desired provider resource. Attribute values may hold `.reference` to another
/// resource's attribute; each reference is a graph edge.
public struct ResourceConfig: Sendable, Hashable {
    public var address: ResourceAddress
    public var type: String
    public var name: String
    public var provider: String
    public var attributes: [String: Value]
    /// Explicit dependencies beyond the references inside `attributes`.
    public var dependsOn: [ResourceAddress]
    /// The intent item it was lowered from.
    public var origin: ResourceAddress
    /// Where the item is declared in the spec.
    public var location: SourceLocation?

    public init(address: ResourceAddress, type: String, name: String, provider: String,
                attributes: [String: Value], dependsOn: [ResourceAddress] = [], origin: ResourceAddress,
                location: SourceLocation? = nil) {
        self.address = address
        self.type = type
        self.name = name
        self.provider = provider
        self.attributes = attributes
        self.dependsOn = dependsOn
        self.origin = origin
        self.location = location
    }
}

/// Plan one resource: `prior` is what state holds (nil for a new resource), `proposed`
/// the desired attributes with references already resolved or marked `.unknown`.
public struct PlanRequest: Sendable, Hashable {
    public var address: ResourceAddress
    public var type: String
    public var prior: [String: Value]?
    public var proposed: [String: Value]

    public init(address: ResourceAddress, type: String, prior: [String: Value]?, proposed: [String: Value]) {
        self.address = address
        self.type = type
        self.prior = prior
        self.proposed = proposed
    }
}

/// The provider's verdict on one planned resource.
public struct PlanResponse: Sendable, Hashable {
    public var address: ResourceAddress
    /// The attributes after apply, with computed ones `.unknown` where not yet known.
    public var planned: [String: Value]
    /// Attributes whose change forces replacement (empty: update in place is possible).
    public var requiresReplace: [String]
    public var diagnostics: [Diagnostic]

    public init(address: ResourceAddress, planned: [String: Value], requiresReplace: [String] = [],
                diagnostics: [Diagnostic] = []) {
        self.address = address
        self.planned = planned
        self.requiresReplace = requiresReplace
        self.diagnostics = diagnostics
    }
}

/// Create one resource. `intentToken` is journaled before the call and tagged onto the
/// resource with its address, so a create in flight when Gantry died can be adopted.
public struct CreateRequest: Sendable, Hashable {
    public var address: ResourceAddress
    public var type: String
    public var attributes: [String: Value]
    public var intentToken: String

    public init(address: ResourceAddress, type: String, attributes: [String: Value], intentToken: String) {
        self.address = address
        self.type = type
        self.attributes = attributes
        self.intentToken = intentToken
    }
}

public struct UpdateRequest: Sendable, Hashable {
    public var address: ResourceAddress
    public var type: String
    public var id: String
    public var prior: [String: Value]
    public var attributes: [String: Value]

    public init(address: ResourceAddress, type: String, id: String, prior: [String: Value],
                attributes: [String: Value]) {
        self.address = address
        self.type = type
        self.id = id
        self.prior = prior
        self.attributes = attributes
    }
}

public struct DeleteRequest: Sendable, Hashable {
    public var address: ResourceAddress
    public var type: String
    public var id: String
    public var attributes: [String: Value]

    public init(address: ResourceAddress, type: String, id: String, attributes: [String: Value]) {
        self.address = address
        self.type = type
        self.id = id
        self.attributes = attributes
    }
}

/// Read many resources of one type at once.
public struct ReadRequest: Sendable, Hashable {
    public struct Item: Sendable, Hashable {
        public var address: ResourceAddress
        public var id: String
        public init(address: ResourceAddress, id: String) {
            self.address = address
            self.id = id
        }
    }

    public var type: String
    public var items: [Item]

    public init(type: String, items: [Item]) {
        self.type = type
        self.items = items
    }
}

public enum ReadResult: Sendable, Hashable {
    case found(ResourceSnapshot)
    case notFound(ResourceAddress)
}

public struct ListRequest: Sendable, Hashable {
    public var type: String
    public var region: String?
    public init(type: String, region: String? = nil) {
        self.type = type
        self.region = region
    }
}

/// A resource as the cloud reports it.
public struct ResourceSnapshot: Sendable, Hashable {
    public var address: ResourceAddress
    public var type: String
    public var id: String
    public var attributes: [String: Value]

    public init(address: ResourceAddress, type: String, id: String, attributes: [String: Value]) {
        self.address = address
        self.type = type
        self.id = id
        self.attributes = attributes
    }
}

/// The outcome of one create, update or delete.
public enum OperationResult: Sendable, Hashable {
    case success(ResourceSnapshot)
    case deleted(ResourceAddress)
    case failure(ResourceAddress, ProviderError)
}
