import Foundation
import GantryBasics
import GantryProviderKit

/// Capacity failover for node pools: walks each pool's ranked offers when the provider
/// answers `capacity` (a shortage or an exhausted quota), remembers each failed offer, and
/// tells afterwards where every pool landed and why.
///
/// The engine builds one per apply from the plan's `fleet` (see `Engine.apply`); the
/// provider only answers the creates. Offers the failed-offer memory rules out — from
/// earlier applies, or from failures earlier in this one (an exhausted quota rules out
/// every zone of that market) — are skipped.
public actor FleetFailover: CapacityFailover {
    private let pools: [ResourceAddress: PoolOffers]
    private var memory: FailedOfferMemory
    private let now: Double
    private let ttl: Double
    /// The offer each resource's create is asking for now.
    private var current: [ResourceAddress: Offer] = [:]
    private var attempts: [ResourceAddress: [PoolLanding.Attempt]] = [:]
    private var tried: [ResourceAddress: Set<Offer>] = [:]

    /// - Parameters:
    ///   - pools: the plan's failover orders (`Plan.fleet`).
    ///   - memory: failed offers remembered in state.
    ///   - now: seconds since 1970, for expiries.
    ///   - ttl: how long a new failure is remembered.
    public init(pools: [PoolOffers], memory: FailedOfferMemory,
                now: Double = Date().timeIntervalSince1970, ttl: Double = FailedOfferMemory.defaultTTL) {
        var byResource: [ResourceAddress: PoolOffers] = [:]
        for pool in pools { byResource[pool.resource] = pool }
        self.pools = byResource
        self.memory = memory
        self.now = now
        self.ttl = ttl
    }

    public func alternative(for address: ResourceAddress, type: String, attributes: [String: Value],
                            error: ProviderError, attempt: Int) async -> [String: Value]? {
        guard let pool = pools[address] else { return nil }
        let offer = current[address] ?? pool.offers.first { $0.matches(attributes) } ?? Self.offer(from: attributes)
        memory.record(offer, error: error, now: now, ttl: ttl)
        tried[address, default: []].insert(offer)
        let zones = offer.zone == nil ? (error.detail["attempts"]?.arrayValue?.compactMap { $0["zone"]?.stringValue } ?? []) : []
        attempts[address, default: []].append(.init(offer: offer, cause: FailoverCause(error), error: error.message,
                                                    zones: zones))
        let seen = tried[address] ?? []
        guard let next = pool.offers.first(where: { !seen.contains($0) && memory.blocking($0) == nil }) else {
            current[address] = nil
            return nil
        }
        current[address] = next
        // Null removes what the failed offer set and this one does not (the walker writes
        // the answer over the create's attributes): an on-demand offer drops the spot mix.
        var out = next.attributes(over: attributes)
        for key in FleetPlanner.placementKeys where out[key] == nil && attributes[key] != nil { out[key] = .null }
        return out
    }

    /// Where each pool created in this apply landed, from the records the apply wrote;
    /// pools that failed every offer are listed with their attempts and no offer.
    public func landings(created: [ResourceAddress: [String: Value]]) -> [PoolLanding] {
        var out: [PoolLanding] = []
        for (resource, pool) in pools.sorted(by: { $0.key < $1.key }) {
            let tries = attempts[resource] ?? []
            if let attributes = created[resource] {
                let offer = current[resource] ?? pool.offers.first { $0.matches(attributes) } ?? Self.offer(from: attributes)
                out.append(PoolLanding(pool: pool.pool, resource: resource, offer: offer,
                                       zone: attributes["zone"]?.stringValue, attempts: tries,
                                       nodesByMarket: (attributes["nodes_by_market"]?.objectValue ?? [:])
                                           .compactMapValues(\.intValue)))
            } else if !tries.isEmpty {
                out.append(PoolLanding(pool: pool.pool, resource: resource, offer: nil, zone: nil, attempts: tries))
            }
        }
        return out
    }

    /// The offers of a resource's pool that the plan skipped because they failed recently.
    public func skipped(for resource: ResourceAddress) -> [PoolOffers.Skipped] {
        pools[resource]?.skipped ?? []
    }

    /// The failed-offer memory after this apply, expired entries dropped.
    public func rememberedFailures() -> FailedOfferMemory {
        var out = memory
        out.prune(now: now)
        return out
    }

    /// The offer a create asks for, read back from its attributes (when it is not one of
    /// the planned offers, e.g. a plan made before the pool had a failover order).
    static func offer(from attributes: [String: Value]) -> Offer {
        let zones = attributes["zones"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let reservation = attributes["capacity_reservation"]?.stringValue
        let mix = attributes["spot_percent"]?.intValue.map {
            Offer.Mix(onDemandBase: attributes["on_demand_base"]?.intValue ?? 0, spotPercent: $0)
        }
        return Offer(instanceType: attributes["instance_type"]?.stringValue ?? "?",
                     region: attributes["region"]?.stringValue ?? "", zone: zones.count == 1 ? zones[0] : nil,
                     market: reservation != nil ? "reserved" : attributes["market"]?.stringValue ?? "on-demand",
                     reservation: reservation, mix: mix)
    }
}

extension FleetFailover {
    /// An all-or-nothing pool must get every node it asked for (`desired_size`); a
    /// provider that reports fewer (`running_nodes`, else `desired_size`) gets it released.
    public func shortfall(of created: ResourceSnapshot, requested: [String: Value]) async -> ProviderError? {
        guard let pool = pools[created.address], pool.allOrNothing,
              let wanted = requested["desired_size"]?.intValue else { return nil }
        let got = created.attributes["running_nodes"]?.intValue ?? created.attributes["desired_size"]?.intValue ?? wanted
        guard got < wanted else { return nil }
        let offer = current[created.address] ?? Self.offer(from: requested)
        return ProviderError(.capacity, "got \(got) of \(wanted) nodes of \(offer); released them (all_or_nothing)",
                             address: created.address, providerCode: "InsufficientInstanceCapacity",
                             detail: ["zone": created.attributes["zone"] ?? .null, "requested": .int(wanted),
                                      "available": .int(got)])
    }
}
