import GantryBasics
import GantryProviderKit
import GantryState

/// The failed offers kept in state (`metadata["capacity.failed_offers"]`), each with an
/// expiry; expired entries are dropped when read and when written.
public struct FailedOfferMemory: Sendable, Hashable {
    /// The state metadata key holding the list.
    public static let metadataKey = "capacity.failed_offers"
    /// How long a failure is remembered unless the caller says otherwise: long enough for a
    /// reconcile loop to skip the zone for a few passes, short enough to retry it soon.
    public static let defaultTTL: Double = 30 * 60

    public private(set) var entries: [FailedOffer]

    public init(entries: [FailedOffer] = []) {
        self.entries = entries
    }

    /// The unexpired entries recorded in `state`.
    public init(state: StateDocument?, now: Double) {
        let list = state?.metadata[Self.metadataKey]?.arrayValue ?? []
        self.init(entries: list.compactMap(FailedOffer.init).filter { $0.expiresAt > now })
    }

    /// The first entry that rules `offer` out, if any.
    public func blocking(_ offer: Offer) -> FailedOffer? {
        entries.first { $0.blocks(offer) }
    }

    /// Remembers that `offer` failed with `error` until `now + ttl`.
    ///
    /// Insufficient capacity for an offer with no zone (the provider tried every zone)
    /// blocks each zone the provider names in its `attempts` detail.
    public mutating func record(_ offer: Offer, error: ProviderError, now: Double, ttl: Double) {
        let expires = now + ttl
        let reason = error.message
        func add(_ scope: FailedOffer.Scope, zone: String?) {
            let entry = FailedOffer(scope: scope, instanceType: offer.instanceType, region: offer.region, zone: zone,
                                    market: scope == .quota ? offer.purchaseMarket : offer.market, reason: reason,
                                    expiresAt: expires)
            entries.removeAll { $0.scope == entry.scope && $0.instanceType == entry.instanceType
                && $0.region == entry.region && $0.zone == entry.zone && $0.market == entry.market }
            entries.append(entry)
        }
        switch FailoverCause(error) {
        case .quota:
            add(.quota, zone: nil)
        case .shortage:
            let tried = error.detail["attempts"]?.arrayValue?.compactMap { $0["zone"]?.stringValue } ?? []
            if let zone = offer.zone { add(.offer, zone: zone) }
            else if tried.isEmpty { add(.offer, zone: nil) }
            else { for zone in tried { add(.offer, zone: zone) } }
        case .other:
            let zone = offer.zone ?? error.detail["zone"]?.stringValue
            if let zone { add(.zone, zone: zone) } else { add(.offer, zone: nil) }
        }
    }

    /// Drops entries that expired by `now`.
    public mutating func prune(now: Double) {
        entries.removeAll { $0.expiresAt <= now }
    }

    /// The list as stored in state metadata; nil when empty (the key is removed).
    public var metadataValue: Value? {
        entries.isEmpty ? nil : .array(entries.map(\.value))
    }
}
