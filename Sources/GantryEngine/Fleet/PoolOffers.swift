import GantryBasics

/// The failover plan of one node pool's placement resource (its node group): the offers
/// in the order apply tries them, what the provider forecasts for each, and what the
/// failed-offer memory rules out.
public struct PoolOffers: Sendable, Hashable {
    /// What the provider expects for one offer, from its plan-time forecast.
    public enum Forecast: Sendable, Hashable {
        /// The provider expects it to fit; `zone` is where, when it says.
        case fits(zone: String?)
        /// Not enough capacity now.
        case short(String)
        /// The request exceeds an account quota; the text names the quota.
        case overQuota(String)
        /// The provider gave no forecast.
        case unknown
    }

    /// An offer left out because it failed recently.
    public struct Skipped: Sendable, Hashable {
        public var offer: Offer
        public var failure: FailedOffer
    }

    /// The pool's intent address (`node_pools.h100-train[us-east-1]`).
    public var pool: ResourceAddress
    /// The resource whose create fails over (the node group).
    public var resource: ResourceAddress
    public var provider: String
    /// Offers in failover order, without the remembered failures.
    public var offers: [Offer]
    /// Parallel to `offers`; `.unknown` until forecast.
    public var forecasts: [Forecast]
    public var skipped: [Skipped]
    /// Every node in one zone (EFA / InfiniBand cluster placement).
    public var clusterPlacement: Bool
    public var allOrNothing: Bool
    /// Nodes per market (a mixed pool splits them).
    public var nodesByMarket: [String: Int]
    /// The pool exists already: it stays where it landed, and a replacement tries that
    /// placement first.
    public var pinned: Bool

    public init(pool: ResourceAddress, resource: ResourceAddress, provider: String, offers: [Offer],
                forecasts: [Forecast]? = nil, skipped: [Skipped] = [], clusterPlacement: Bool = false,
                allOrNothing: Bool = false, nodesByMarket: [String: Int] = [:], pinned: Bool = false) {
        self.pool = pool
        self.resource = resource
        self.provider = provider
        self.offers = offers
        self.forecasts = forecasts ?? Array(repeating: .unknown, count: offers.count)
        self.skipped = skipped
        self.clusterPlacement = clusterPlacement
        self.allOrNothing = allOrNothing
        self.nodesByMarket = nodesByMarket
        self.pinned = pinned
    }

    /// The first offer the provider expects to fit (or, with no forecast, the first offer):
    /// where the pool is expected to land.
    public var expected: (offer: Offer, zone: String?)? {
        for (offer, forecast) in zip(offers, forecasts) {
            switch forecast {
            case .fits(let zone): return (offer, zone ?? offer.zone)
            case .unknown: return (offer, offer.zone)
            case .short, .overQuota: continue
            }
        }
        return nil
    }

    /// The quota messages, one per market, when every offer exceeds a quota (apply then
    /// stops before creating anything); empty otherwise.
    public var quotaBlocks: [String] {
        guard !offers.isEmpty, forecasts.allSatisfy({ if case .overQuota = $0 { true } else { false } }) else { return [] }
        var seen: [String] = []
        for case .overQuota(let message) in forecasts where !seen.contains(message) { seen.append(message) }
        return seen
    }
}
