import GantryBasics

/// What a node pool asks of capacity, read from its intent item: the market order, zones,
/// reservations, the mix of spot and on-demand, all-or-nothing, and its GPU alternatives.
///
/// Built from the `capacity` and `gpu` attributes the spec encodes (see
/// `Docs/spec-reference.md`, node pools); missing keys take the defaults.
public struct PoolCapacity: Sendable, Hashable {
    /// The pool's intent address: `node_pools.h100-train[us-east-1]`.
    public var pool: ResourceAddress
    /// The region offers are ranked in: the first of `regions`.
    public var region: String
    /// Regions in failover order: the pool's own, or its `capacity.regions` when it has
    /// none (a pool that lands in the first region with capacity).
    public var regions: [String]
    public var provider: String
    /// Market order, e.g. `[reserved, spot, on-demand]`.
    public var markets: [String]
    /// Zones in the order to try; nil lets the provider pick among the region's zones.
    public var zones: [String]?
    /// Reservation ids; a selector is kept as its `key=value` text.
    public var reservations: [String]
    /// Share of nodes above `onDemandBase` to buy as spot (mixed pools); nil when unmixed.
    public var spotPercent: Int?
    /// Nodes always bought on-demand in a mixed pool.
    public var onDemandBase: Int
    /// The pool gets every node or none.
    public var allOrNothing: Bool
    /// Cluster placement (EFA / InfiniBand): every node in one zone.
    public var clusterPlacement: Bool
    /// GPU models, alternatives in the spec's order; empty when `gpu.type` fixes the type.
    public var gpuModels: [String]
    public var gpuCount: Int?
    public var minGPUMemoryGiB: Int?
    /// `gpu.type` when the spec names the instance type.
    public var fixedInstanceType: String?
    /// Nodes requested (`nodes.desired`).
    public var desiredNodes: Int

    /// Reads a node pool intent; nil for other kinds.
    /// - Parameter network: the pool's network intent, for its interconnect placement.
    public init?(_ item: IntentItem, network: IntentItem?) {
        guard item.kind == "node_pools" else { return nil }
        let capacity = item.attributes["capacity"]?.objectValue ?? [:]
        let gpu = item.attributes["gpu"]?.objectValue ?? [:]
        pool = item.address
        let candidates = item.candidateRegions
        regions = candidates.isEmpty ? [""] : candidates
        region = regions[0]
        provider = item.provider
        let written = capacity["markets"]?.arrayValue?.compactMap(\.stringValue) ?? []
        if !written.isEmpty {
            markets = written
        } else {
            var order = [capacity["market"]?.stringValue ?? "on-demand"]
            if let fallback = capacity["fallback"]?.stringValue, fallback != "none", fallback != order[0] {
                order.append(fallback)
            }
            markets = order
        }
        let zoneList = capacity["zones"]?.arrayValue?.compactMap(\.stringValue)
        zones = zoneList?.isEmpty == false ? zoneList : nil
        let reserved = capacity["reservations"]?.objectValue ?? [:]
        var reservations = reserved["ids"]?.arrayValue?.compactMap(\.stringValue) ?? []
        if let selector = reserved["selector"]?.objectValue, !selector.isEmpty {
            reservations.append(selector.keys.sorted().map { "\($0)=\(selector[$0]?.stringValue ?? "")" }
                .joined(separator: ","))
        }
        self.reservations = reservations
        spotPercent = capacity["spot_percent"]?.intValue
        onDemandBase = capacity["on_demand_base"]?.intValue ?? 0
        allOrNothing = capacity["all_or_nothing"]?.boolValue ?? false
        let interconnect = network?.attributes["interconnect"]?.objectValue ?? [:]
        clusterPlacement = interconnect["placement"]?.stringValue == "cluster"
            || ["efa", "infiniband"].contains(interconnect["fabric"]?.stringValue ?? "")
        if let list = gpu["model"]?.arrayValue {
            gpuModels = list.compactMap(\.stringValue)
        } else {
            gpuModels = gpu["model"]?.stringValue.map { [$0] } ?? []
        }
        gpuCount = gpu["count"]?.intValue
        minGPUMemoryGiB = gpu["memory_min_gib"]?.intValue
        fixedInstanceType = gpu["type"]?.stringValue
        let nodes = item.attributes["nodes"]?.objectValue ?? [:]
        desiredNodes = nodes["desired"]?.intValue ?? nodes["min"]?.intValue ?? 0
    }

    /// The mix of a mixed pool's spot offers: set when `spot_percent` is below 100 or
    /// `on_demand_base` is above 0 and spot is in the market order.
    public var mix: Offer.Mix? {
        guard markets.contains("spot"), spotPercent != nil || onDemandBase > 0 else { return nil }
        let percent = spotPercent ?? 100
        guard percent < 100 || onDemandBase > 0 else { return nil }
        return Offer.Mix(onDemandBase: onDemandBase, spotPercent: percent)
    }

    /// How many nodes an offer in `market` buys in each market: a mixed pool's spot
    /// offers split them, every other offer buys all in its market.
    public func split(market: String) -> [String: Int] {
        guard market == "spot", let mix else { return [market: desiredNodes] }
        return mix.split(desiredNodes)
    }
}
