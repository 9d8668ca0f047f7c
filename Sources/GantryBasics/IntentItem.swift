/// One item of the user's intent — a network, node pool, storage tier, region or raw
/// resource — after variables are substituted and multi-region items are expanded.
///
/// This is what the spec hands to a provider's `lower`: the provider turns it into the
/// cloud resources that realise it. Attributes hold the item's spec body as values; a
/// reference to another item (`${networks.train.vpc_id}`) stays a `.reference` to that
/// item's address, which the engine resolves through the provider's lowering outputs.
public struct IntentItem: Sendable, Hashable {
    /// `node_pools.h100-train[us-east-1]`.
    public var address: ResourceAddress
    /// The spec section: `networks`, `node_pools`, `storage`, `regions`, `resources`.
    public var kind: String
    /// The item's name within its section.
    public var name: String
    /// The region this instance of the item lives in, when it has one.
    public var region: String?
    /// The provider that realises it (`sim`, `aws`).
    public var provider: String
    /// The evaluated spec body of the item.
    public var attributes: [String: Value]
    /// Items this one depends on: explicit references and implicit edges (pool → network,
    /// storage → attached pools' networks).
    public var dependsOn: [ResourceAddress]
    /// Where the item is declared.
    public var location: SourceLocation?

    public init(address: ResourceAddress, kind: String, name: String, region: String?, provider: String,
                attributes: [String: Value], dependsOn: [ResourceAddress] = [], location: SourceLocation? = nil) {
        self.address = address
        self.kind = kind
        self.name = name
        self.region = region
        self.provider = provider
        self.attributes = attributes
        self.dependsOn = dependsOn
        self.location = location
    }
}
