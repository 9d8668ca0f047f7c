import GantryBasics
import GantryCatalog

/// Ranks where a node pool may land: the candidate offers in the order failover tries them.
///
/// The order is the pool's regions first (its `capacity.regions` failover order, or its one
/// region); within a region, the market order (reserved → spot → on-demand by default);
/// within a market, instance types by that market's catalog price in that region (cheapest
/// first, types without a price last); within a type, the pool's zones of that region in
/// the order written, or one "any zone" offer that lets the provider pick. Every offer is a
/// single zone or "any" in one region, so a pool is never split across zones or regions: a
/// cluster-placement pool moves zone, and a pool moves region, as a whole.
///
/// ```swift
/// let offers = OfferPlanner().offers(for: capacity, lowered: "p5.48xlarge")
/// offers.first?.description   // "p5.48xlarge spot in us-east-1a"
/// ```
public struct OfferPlanner: Sendable {
    public var catalog: Catalog

    public init(catalog: Catalog = .embedded) {
        self.catalog = catalog
    }

    /// The offers for `pool`, in failover order.
    /// - Parameter lowered: the instance type the provider's lowering chose; used when the
    ///   catalog knows no alternative (a type outside the catalog, or `gpu.type`).
    public func offers(for pool: PoolCapacity, lowered: String?) -> [Offer] {
        guard pool.regions.count > 1 else { return offers(inRegion: pool, lowered: lowered) }
        var out: [Offer] = []
        for region in pool.regions {
            var here = pool
            here.region = region
            // Zones name their region (us-east-1a); a region none of them is in takes any zone.
            let zones = pool.zones?.filter { $0.hasPrefix(region) }
            here.zones = zones?.isEmpty == false ? zones : nil
            // The lowered type is the first region's choice; elsewhere only types offered there.
            out += offers(inRegion: here, lowered: lowered).filter {
                region == pool.region || catalog.instanceType($0.instanceType, provider: pool.provider)?
                    .isOffered(in: region) ?? false
            }
        }
        return out
    }

    private func offers(inRegion pool: PoolCapacity, lowered: String?) -> [Offer] {
        let types = instanceTypes(for: pool, lowered: lowered)
        var out: [Offer] = []
        for market in pool.markets {
            let ranked = types.map { ($0, price(of: $0, market: market, pool: pool)) }
                .enumerated().sorted { a, b in
                    switch (a.element.1, b.element.1) {
                    case let (x?, y?) where x != y: return x < y
                    case (.some, nil): return true
                    case (nil, .some): return false
                    default: return a.offset < b.offset
                    }
                }.map(\.element)
            let reservations: [String?] = market == "reserved" ? pool.reservations.map { $0 } : [nil]
            for (type, price) in ranked {
                for reservation in reservations {
                    for zone in pool.zones.map({ $0.map { Optional($0) } }) ?? [nil] {
                        out.append(Offer(instanceType: type, region: pool.region, zone: zone, market: market,
                                         reservation: reservation, pricePerHour: price,
                                         mix: market == "spot" ? pool.mix : nil))
                    }
                }
            }
        }
        return out
    }

    /// Candidate instance types, cheapest on-demand first: the alternatives of `gpu.model`
    /// with `gpu.count` GPUs and at least `gpu.memory` each, or the one type given.
    public func instanceTypes(for pool: PoolCapacity, lowered: String?) -> [String] {
        if let fixed = pool.fixedInstanceType { return [fixed] }
        var names: [String] = []
        if let count = pool.gpuCount ?? lowered.flatMap({ catalog.instanceType($0, provider: pool.provider)?.gpuCount }),
           !pool.gpuModels.isEmpty {
            names = catalog.offers(gpus: pool.gpuModels, count: count, minMemoryGiB: pool.minGPUMemoryGiB,
                                   provider: pool.provider, region: pool.region).map(\.name)
        }
        if let lowered, !lowered.isEmpty, !names.contains(lowered) { names.insert(lowered, at: 0) }
        return names
    }

    /// Hourly price of one node of `type` in `market`; reserved capacity costs on-demand.
    func price(of type: String, market: String, pool: PoolCapacity) -> Double? {
        guard let price = catalog.instanceType(type, provider: pool.provider)?.price(in: pool.region) else { return nil }
        return market == "spot" ? price.spotHourlyUSD ?? price.onDemandHourlyUSD : price.onDemandHourlyUSD
    }
}
