import GantryBasics
import GantryCatalog
import GantryProviderKit
import GantryState

/// Plans node pool placement before the diff: finds each pool's placement resource (the
/// lowered resource with `instance_type` and `market`, e.g. the sim's node group), ranks
/// its offers, drops remembered failures, and writes the first offer onto a new pool — or
/// keeps an existing pool where it landed, so a failover does not turn into a
/// replacement on the next plan.
struct FleetPlanner: Sendable {
    var offers = OfferPlanner()
    /// Seconds since 1970, for failed-offer expiry.
    var now: Double

    /// The resources with placements chosen, and each pool's failover order.
    func prepare(_ resources: [ResourceConfig], intents: [IntentItem], state: StateDocument?)
        -> (resources: [ResourceConfig], pools: [PoolOffers], diagnostics: [Diagnostic])
    {
        // Most resources are not node groups: a spec without pools skips the indexes below.
        guard resources.contains(where: Self.isPlacement) else { return (resources, [], []) }
        let memory = FailedOfferMemory(state: state, now: now)
        var items: [ResourceAddress: IntentItem] = [:]
        for item in intents { items[item.address] = item }
        var recorded: [ResourceAddress: ResourceState] = [:]
        for resource in state?.resources ?? [] { recorded[resource.address] = resource }

        var out = resources
        var pools: [PoolOffers] = []
        var diagnostics: [Diagnostic] = []
        for index in out.indices {
            let resource = out[index]
            guard Self.isPlacement(resource), let item = items[resource.origin],
                  var capacity = PoolCapacity(item, network: network(of: item, in: items)) else { continue }
            if capacity.regions.count > 1 {
                // Only regions the provider lowered the group for (`region_alternatives`).
                let lowered = RegionAlternatives.regions(of: resource.attributes)
                let unplaceable = capacity.regions.filter { !lowered.contains($0) }
                if !unplaceable.isEmpty {
                    diagnostics.append(.warning(
                        "region-not-offered", "\(capacity.pool): provider \(resource.provider) cannot place the pool in "
                            + unplaceable.joined(separator: ", ") + "; it fails over only across "
                            + lowered.joined(separator: ", "), at: item.location,
                        hint: "the provider lowers node groups for one region; use one pool per region"))
                }
                capacity.regions = capacity.regions.filter(lowered.contains)
                if capacity.regions.isEmpty { capacity.regions = Array(lowered.prefix(1)) }
                capacity.region = capacity.regions.first ?? capacity.region
            }
            let all = offers.offers(for: capacity, lowered: resource.attributes["instance_type"]?.stringValue)
            guard !all.isEmpty else { continue }
            var usable: [Offer] = []
            var skipped: [PoolOffers.Skipped] = []
            for offer in all {
                if let failure = memory.blocking(offer) { skipped.append(.init(offer: offer, failure: failure)) }
                else { usable.append(offer) }
            }
            let landed = recorded[resource.address].flatMap { pinned($0, over: resource.attributes, among: all) }
            if usable.isEmpty {
                // Every offer failed recently. Probe only the best one again: one call per pass
                // keeps a reconcile loop from hammering exhausted capacity, yet notices at once
                // when capacity (or a raised quota) is back.
                if landed == nil {
                    diagnostics.append(.warning("capacity-exhausted", "\(capacity.pool): every offer failed recently; "
                                                + "apply tries only \(all[0]) again", at: item.location,
                                                hint: "the others are retried as their failures expire"))
                }
                usable = [all[0]]
                skipped.removeFirst()
            }
            if let landed {
                // Kept where it landed; should it be replaced, that placement is tried first.
                out[index].attributes = landed
                let offer = usable.first { $0.matches(landed) } ?? FleetFailover.offer(from: landed)
                usable.removeAll { $0 == offer }
                usable.insert(offer, at: 0)
            } else {
                out[index].attributes = usable[0].attributes(over: resource.attributes)
            }
            let market = usable[0].purchaseMarket
            pools.append(PoolOffers(pool: capacity.pool, resource: resource.address, provider: resource.provider,
                                    offers: usable, skipped: skipped, clusterPlacement: capacity.clusterPlacement,
                                    allOrNothing: capacity.allOrNothing,
                                    nodesByMarket: capacity.split(market: market), pinned: landed != nil))
        }
        return (out, pools, diagnostics)
    }

    /// A resource lowered from a node pool that carries a placement Gantry can steer.
    static func isPlacement(_ resource: ResourceConfig) -> Bool {
        resource.origin.rawValue.hasPrefix("node_pools.") && resource.attributes["instance_type"] != nil
            && resource.attributes["market"] != nil
    }

    /// The placement an existing pool was created with, when its spec still allows it.
    private func pinned(_ record: ResourceState, over attributes: [String: Value], among offers: [Offer])
        -> [String: Value]?
    {
        let landed = FleetFailover.offer(from: record.attributes)
        guard offers.contains(where: { $0.instanceType == landed.instanceType && $0.purchaseMarket == landed.purchaseMarket
                                       && $0.isIn(region: landed.region) }) else { return nil }
        // The region it landed in brings that region's subnets and launch template.
        var out = RegionAlternatives.choosing(landed.region, in: attributes) ?? attributes
        for key in Self.placementKeys { out[key] = record.attributes[key] }
        return out
    }

    /// The attributes an offer sets on a placement resource.
    static let placementKeys = ["instance_type", "market", "zones", "capacity_reservation", "spot_percent",
                                "on_demand_base"]

    /// The pool's network intent in the same region (for its interconnect).
    private func network(of item: IntentItem, in items: [ResourceAddress: IntentItem]) -> IntentItem? {
        item.dependsOn.lazy.compactMap { items[$0] }.first { $0.kind == "networks" }
    }
}
