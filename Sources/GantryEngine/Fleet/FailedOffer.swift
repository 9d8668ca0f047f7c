import GantryBasics

/// An offer that failed recently, remembered so the next apply or reconcile pass skips it
/// instead of hammering an exhausted zone.
///
/// What it blocks depends on why it failed: insufficient capacity blocks that instance
/// type in that zone and market; an exhausted quota blocks the market for that instance
/// type across the region; any other capacity answer (one Gantry cannot read) blocks the
/// zone only, whatever the type or market.
public struct FailedOffer: Sendable, Hashable {
    /// How much of the cloud one failure blocks.
    public enum Scope: String, Sendable, Hashable {
        /// This instance type, zone and market.
        case offer
        /// This instance type and market in the whole region (a quota).
        case quota
        /// The zone, for every type and market (an error Gantry could not classify).
        case zone
    }

    public var scope: Scope
    public var instanceType: String
    public var region: String
    public var zone: String?
    public var market: String
    /// The provider's answer, shown when the offer is skipped.
    public var reason: String
    /// Seconds since 1970 after which the entry is dropped.
    public var expiresAt: Double

    public init(scope: Scope, instanceType: String, region: String, zone: String?, market: String, reason: String,
                expiresAt: Double) {
        self.scope = scope
        self.instanceType = instanceType
        self.region = region
        self.zone = zone
        self.market = market
        self.reason = reason
        self.expiresAt = expiresAt
    }

    /// Whether this entry rules `offer` out.
    public func blocks(_ offer: Offer) -> Bool {
        guard offer.region == region else { return false }
        switch scope {
        case .offer:
            return offer.instanceType == instanceType && offer.market == market && (zone == nil || offer.zone == zone)
        case .quota:
            return offer.instanceType == instanceType && offer.purchaseMarket == market
        case .zone:
            return zone != nil && offer.zone == zone
        }
    }

    /// `spot p5.48xlarge in us-east-1a`, `the zone us-east-1a`.
    public var what: String {
        switch scope {
        case .offer: return "\(market) \(instanceType) in \(zone ?? "\(region) (any zone)")"
        case .quota: return "\(market) \(instanceType) in \(region) (quota)"
        case .zone: return "the zone \(zone ?? region)"
        }
    }

    // MARK: State encoding

    var value: Value {
        var out: [String: Value] = [
            "scope": .string(scope.rawValue), "instance_type": .string(instanceType), "region": .string(region),
            "market": .string(market), "reason": .string(reason), "expires_at": .double(expiresAt),
        ]
        if let zone { out["zone"] = .string(zone) }
        return .object(out)
    }

    init?(_ value: Value) {
        guard let o = value.objectValue, let scope = o["scope"]?.stringValue.flatMap(Scope.init(rawValue:)),
              let region = o["region"]?.stringValue, let expires = o["expires_at"]?.doubleValue else { return nil }
        self.init(scope: scope, instanceType: o["instance_type"]?.stringValue ?? "", region: region,
                  zone: o["zone"]?.stringValue, market: o["market"]?.stringValue ?? "",
                  reason: o["reason"]?.stringValue ?? "", expiresAt: expires)
    }
}
