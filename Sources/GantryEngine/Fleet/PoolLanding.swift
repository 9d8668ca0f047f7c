import GantryBasics
import GantryProviderKit

/// Where a node pool landed and why: the offer that took it and every offer that failed
/// before, with the provider's error.
public struct PoolLanding: Sendable, Hashable {
    /// One offer tried and refused.
    public struct Attempt: Sendable, Hashable {
        public var offer: Offer
        public var cause: FailoverCause
        /// The provider's error text.
        public var error: String
        /// Zones the provider tried for an "any zone" offer.
        public var zones: [String]

        /// `spot was short in us-east-1a`.
        public var phrase: String {
            let place = offer.zone ?? (zones.isEmpty ? offer.region : zones.joined(separator: ", "))
            return "\(cause.phrase(market: offer.market)) in \(place)"
        }
    }

    public var pool: ResourceAddress
    public var resource: ResourceAddress
    /// The offer that succeeded; nil when every offer failed.
    public var offer: Offer?
    /// The zone the provider reports (for an "any zone" offer, where it chose).
    public var zone: String?
    public var attempts: [Attempt]
    /// Nodes per market the provider reports (`nodes_by_market`); a mixed pool has two.
    public var nodesByMarket: [String: Int]

    public init(pool: ResourceAddress, resource: ResourceAddress, offer: Offer?, zone: String?, attempts: [Attempt],
                nodesByMarket: [String: Int] = [:]) {
        self.pool = pool
        self.resource = resource
        self.offer = offer
        self.zone = zone
        self.attempts = attempts
        self.nodesByMarket = nodesByMarket
    }

    /// `node_pools.h100-train[us-east-1] landed in us-east-1b on-demand after spot was short
    /// in us-east-1a` (a mixed pool adds its split: `spot (3 on-demand + 2 spot)`), or the
    /// list of every failed attempt.
    public var sentence: String {
        guard let offer else {
            return "\(pool) found no capacity; tried " + attempts.map { "\($0.offer): \($0.error)" }
                .joined(separator: "; ")
        }
        var text = "\(pool) landed in \(zone ?? offer.placeName) \(offer.market)"
        if nodesByMarket.count > 1 { text += " (\(MarketMix.describe(nodesByMarket)))" }
        if attempts.contains(where: { $0.offer.instanceType != offer.instanceType }) || offer.reservation != nil {
            text += " (\(offer.instanceType)\(offer.reservation.map { ", reservation \($0)" } ?? ""))"
        }
        if !attempts.isEmpty { text += " after " + attempts.map(\.phrase).joined(separator: "; ") }
        return text
    }

    /// The error apply reports when every offer failed: each attempt with its error, and
    /// the offers skipped because they failed recently.
    func exhaustedError(last: ProviderError, skipped: [PoolOffers.Skipped] = []) -> ProviderError {
        var message = "no capacity for \(pool) in any of its \(attempts.count) offer(s) tried:"
        for (i, attempt) in attempts.enumerated() {
            message += "\n    \(i + 1). \(attempt.offer): \(attempt.error)"
        }
        for skip in skipped {
            message += "\n    skipped \(skip.offer): failed recently (\(skip.failure.reason))"
        }
        return ProviderError(.capacity, message, address: resource, providerCode: last.providerCode,
                             detail: last.detail)
    }

    // MARK: State encoding

    /// The record kept in `metadata["capacity.placements"]`.
    var value: Value {
        var out: [String: Value] = ["pool": .string(pool.rawValue), "reason": .string(sentence)]
        if let offer {
            out["instance_type"] = .string(offer.instanceType)
            out["market"] = .string(offer.market)
            out["region"] = .string(offer.region)
            if let reservation = offer.reservation { out["reservation"] = .string(reservation) }
        }
        if let zone = zone ?? offer?.zone { out["zone"] = .string(zone) }
        if !nodesByMarket.isEmpty { out["nodes_by_market"] = .object(nodesByMarket.mapValues(Value.int)) }
        out["attempts"] = .array(attempts.map {
            .object(["offer": .string($0.offer.description), "error": .string($0.error)])
        })
        return .object(out)
    }
}
