import GantryBasics
import GantryProviderKit

/// One place a node pool may land: an instance type in a region, one zone (or any zone
/// the provider picks), bought in one market.
///
/// Offers are what the failover planner ranks and walks. The provider never sees an
/// `Offer`; it sees the pool's node group with `instance_type`, `market`, `zones` (and
/// `capacity_reservation` for reserved capacity) set from it — see `attributes(over:)`.
public struct Offer: Sendable, Hashable, CustomStringConvertible {
    /// Markets in the order Gantry tries them when a pool does not say.
    public static let defaultMarketOrder = ["reserved", "spot", "on-demand"]

    public var instanceType: String
    public var region: String
    /// nil: any zone of the region, in the provider's order.
    public var zone: String?
    /// `reserved`, `spot`, `on-demand` or `capacity-block`.
    public var market: String
    /// The reservation id or selector text a `reserved` offer draws on.
    public var reservation: String?
    /// Hourly price of one node in this market, from the catalog, when known.
    public var pricePerHour: Double?
    /// A mixed pool's spot offer: nodes bought on-demand first, then the share of the rest
    /// bought as spot. nil for an offer bought wholly in `market`.
    public var mix: Mix?

    /// How a mixed pool splits its nodes between on-demand and spot: the rule providers
    /// share (`MarketMix`), so the engine's forecast and the provider's purchase agree.
    public typealias Mix = MarketMix

    public init(instanceType: String, region: String, zone: String? = nil, market: String,
                reservation: String? = nil, pricePerHour: Double? = nil, mix: Mix? = nil) {
        self.mix = mix
        self.instanceType = instanceType
        self.region = region
        self.zone = zone
        self.market = market
        self.reservation = reservation
        self.pricePerHour = pricePerHour
    }

    /// `p5.48xlarge spot in us-east-1a`.
    public var description: String {
        var text = "\(instanceType) \(market)"
        if let reservation { text += " (\(reservation))" }
        if let mix { text += " (\(mix.spotPercent)% above \(mix.onDemandBase) on-demand)" }
        return text + " in \(placeName)"
    }

    /// The zone, or `us-east-1 (any zone)`.
    public var placeName: String { zone ?? "\(region) (any zone)" }

    /// The market the provider is asked for: reserved capacity is on-demand capacity drawn
    /// from a reservation.
    public var purchaseMarket: String { market == "reserved" ? "on-demand" : market }

    /// The node group's attributes with this offer's placement written over them: its
    /// region's alternative first, for a group that may land in several (`RegionAlternatives`).
    public func attributes(over attributes: [String: Value]) -> [String: Value] {
        var out = RegionAlternatives.choosing(region, in: attributes) ?? attributes
        out["instance_type"] = .string(instanceType)
        out["market"] = .string(purchaseMarket)
        if let zone { out["zones"] = .array([.string(zone)]) }
        if let reservation { out["capacity_reservation"] = .string(reservation) } else {
            out.removeValue(forKey: "capacity_reservation")
        }
        // Providers with mixed groups (an Auto Scaling group's instances distribution) read these.
        out["spot_percent"] = mix.map { .int($0.spotPercent) }
        out["on_demand_base"] = mix.map { .int($0.onDemandBase) }
        return out
    }

    /// Whether the offer is in `region`; an offer of a pool whose region is unknown (no
    /// region and no `capacity.regions`) is in any.
    func isIn(region other: String) -> Bool { region.isEmpty || region == other }

    /// Whether `attributes` (as sent to the provider) ask for this offer.
    func matches(_ attributes: [String: Value]) -> Bool {
        guard attributes["instance_type"]?.stringValue == instanceType,
              attributes["market"]?.stringValue == purchaseMarket,
              attributes["capacity_reservation"]?.stringValue == reservation,
              attributes["spot_percent"]?.intValue == mix?.spotPercent,
              attributes["region"]?.stringValue.map(isIn(region:)) ?? true else { return false }
        guard let zone else { return true }
        return attributes["zones"]?.arrayValue == [.string(zone)]
    }
}
