import GantryBasics

/// The estimated cost of one node pool or storage tier in one region.
///
/// A line is keyed by the intent item it prices (`node_pools.h100-train[us-east-1]`), so the
/// same item priced from the spec, from the state and from a plan lines up for a delta.
public struct CostLine: Sendable, Hashable {
    /// What is being priced.
    public enum Kind: String, Sendable, Hashable {
        case nodePool = "node_pool"
        case storage
    }

    /// The intent item: `node_pools.h100-train[us-east-1]`, `storage.datasets`.
    public var address: ResourceAddress
    public var kind: Kind
    public var provider: String
    public var region: String
    /// For people: `16 × p5.48xlarge on-demand at $55.04/h`, `24576 GiB FSx for Lustre at $0.21/GiB-month`.
    public var detail: String
    /// The node pool's instance type, or the storage tier (`hot`, `warm`, `cold`).
    public var category: String
    /// Cost per hour at the desired size; nil when the catalog has no price.
    public var hourly: Money?
    /// Cost per month (730 hours) at the desired size; nil when unpriced.
    public var monthly: Money?
    /// For node pools: cost per hour at `nodes.min` and `nodes.max`.
    public var hourlyRange: ClosedRange<Money>?
    /// The catalog figure the line multiplies (per instance-hour or per GiB-month), as cited.
    public var unitPrice: Money?
    /// Where the unit price comes from (the catalog's citation).
    public var priceSource: String?
    /// Why the line is unpriced or approximate (`no spot price in the catalog: priced on-demand`).
    public var note: String?

    public init(address: ResourceAddress, kind: Kind, provider: String, region: String, detail: String,
                category: String, hourly: Money?, monthly: Money?, hourlyRange: ClosedRange<Money>? = nil,
                unitPrice: Money? = nil, priceSource: String? = nil, note: String? = nil) {
        self.address = address
        self.kind = kind
        self.provider = provider
        self.region = region
        self.detail = detail
        self.category = category
        self.hourly = hourly
        self.monthly = monthly
        self.hourlyRange = hourlyRange
        self.unitPrice = unitPrice
        self.priceSource = priceSource
        self.note = note
    }
}
