import GantryBasics
import GantryProviderKit

extension SimCloud {
    /// Where a node group lands, and what the cloud computed about it.
    struct Landing {
        var attributes: [String: Value]
    }

    /// Finds a zone with capacity for the whole node group (a group never spans zones,
    /// so a cluster placement stays together), after checking the account's GPU quota.
    /// A mixed group (`market: spot` with `spot_percent`, `on_demand_base`) needs each
    /// market's share (`MarketMix`) within that market's quota and free in the same zone.
    ///
    /// `excluding` is the group itself when it scales, so its current nodes are not
    /// counted against it.
    func place(_ attributes: [String: Value], region: String, excluding: String?, state: SimWorldState,
               address: ResourceAddress) -> Result<Landing, ProviderError> {
        func invalid(_ message: String, _ code: String = "InvalidParameterValue") -> Result<Landing, ProviderError> {
            .failure(ProviderError(.invalid, message, address: address, providerCode: code))
        }
        let typeName = attributes["instance_type"]?.stringValue ?? ""
        guard let type = SimCatalog.instanceType(typeName) else {
            return invalid("instance type `\(typeName)` is not offered by the simulated cloud", "InvalidInstanceType")
        }
        guard type.isOffered(in: region) else {
            return invalid("instance type \(type.name) is not offered in \(region) (it is in "
                               + type.regions.joined(separator: ", ") + ")", "Unsupported")
        }
        let market = attributes["market"]?.stringValue ?? SimMarket.onDemand
        guard SimMarket.all.contains(market) else { return invalid("market `\(market)` must be spot or on-demand") }
        let desired = attributes["desired_size"]?.intValue ?? attributes["min_size"]?.intValue ?? 0
        let minSize = attributes["min_size"]?.intValue ?? 0
        let maxSize = attributes["max_size"]?.intValue ?? max(desired, minSize)
        guard desired >= 0, minSize <= desired, desired <= maxSize else {
            return invalid("node counts must satisfy min_size ≤ desired_size ≤ max_size (got \(minSize) ≤ \(desired) ≤ \(maxSize))")
        }

        // A mixed group (spot with `spot_percent`) buys each market's share separately.
        let split = MarketMix.nodesByMarket(attributes, nodes: desired)
        let markets = [SimMarket.spot, SimMarket.onDemand].filter { split[$0] != nil }

        // Quota: GPUs of this model in each market, account-wide.
        for buying in markets {
            let limit = config.quota(gpuModel: type.gpuModel, market: buying)
            let inUse = gpusInUse(model: type.gpuModel, market: buying, excluding: excluding, state: state)
            let requested = (split[buying] ?? 0) * type.gpuCount
            if inUse + requested > limit {
                return .failure(ProviderError(
                    .capacity, "\(buying) quota for \(type.gpuModel) GPUs exceeded: \(requested) requested, "
                        + "\(inUse) of \(limit) in use",
                    address: address, providerCode: "QuotaExceeded",
                    detail: ["gpu_model": .string(type.gpuModel), "market": .string(buying), "limit": .int(limit),
                             "in_use": .int(inUse), "requested": .int(requested), "region": .string(region)]))
            }
        }

        let existingZone = excluding.flatMap { state.resources[$0]?.attributes["zone"]?.stringValue }
        let (zones, problem) = candidateZones(attributes, region: region, state: state, existingZone: existingZone)
        if let problem { return invalid(problem) }
        // A zone takes the group when it has room for every market's share; otherwise the
        // attempt names the first market that was short there.
        var attempts: [Value] = []
        for zone in zones {
            var short: (market: String, available: Int)?
            for buying in markets {
                let available = self.available(zone: zone, type: type.name, market: buying, excluding: excluding,
                                               state: state)
                if (split[buying] ?? 0) > available { short = (buying, available); break }
            }
            guard let short else {
                return .success(Landing(attributes: [
                    "zone": .string(zone), "gpu_model": .string(type.gpuModel), "gpu_count": .int(type.gpuCount),
                    "failed_nodes": 0, "price_per_hour": pricePerNode(type, region: region, split: split) ?? .null,
                ]))
            }
            attempts.append(["zone": .string(zone), "available": .int(short.available), "market": .string(short.market)])
        }
        return .failure(insufficient(type, zones: zones, attempts: attempts, split: split, market: market,
                                     region: region, address: address))
    }

    /// The `capacity` error when no zone had room: it names the market that was short in
    /// the first zone (a mixed group's share), with every zone's free nodes.
    private func insufficient(_ type: SimCatalog.InstanceType, zones: [String], attempts: [Value], split: [String: Int],
                              market: String, region: String, address: ResourceAddress) -> ProviderError {
        let first = attempts.first ?? ["zone": .string(region), "available": 0, "market": .string(market)]
        let shortMarket = first["market"]?.stringValue ?? market
        let wanted = split[shortMarket] ?? 0
        var message = "insufficient \(shortMarket) capacity for \(wanted) × \(type.name) in "
            + zones.joined(separator: ", ") + " (available: "
            + attempts.map { a in
                let m = a["market"]?.stringValue ?? shortMarket
                return "\(a["zone"]?.stringValue ?? "?") \(m == shortMarket ? "" : "\(m) ")\(a["available"]?.intValue ?? 0)"
            }.joined(separator: ", ") + ")"
        if split.count > 1 { message += "; the group is mixed: " + MarketMix.describe(split) }
        return ProviderError(
            .capacity, message, address: address, providerCode: "InsufficientInstanceCapacity",
            detail: ["zone": first["zone"] ?? .null, "available": first["available"] ?? 0, "market": .string(shortMarket),
                     "instance_type": .string(type.name), "requested": .int(wanted), "attempts": .array(attempts)])
    }

    /// The hourly price of one node: a mixed group's is the average over its markets.
    private func pricePerNode(_ type: SimCatalog.InstanceType, region: String, split: [String: Int]) -> Value? {
        let nodes = split.values.reduce(0, +)
        guard nodes > 0 else { return type.price(region: region, market: SimMarket.onDemand).map(Value.double) }
        var total = 0.0
        for (market, count) in split {
            guard let price = type.price(region: region, market: market) else { return nil }
            total += price * Double(count)
        }
        return .double(total / Double(nodes))
    }

    /// GPUs of `model` the account runs in `market` (a mixed group counts its share there).
    func gpusInUse(model: String, market: String, excluding: String?, state: SimWorldState) -> Int {
        state.nodeGroupIDs.reduce(0) { sum, id in
            guard id != excluding, let g = state.resources[id],
                  let t = SimCatalog.instanceType(g.attributes["instance_type"]?.stringValue ?? ""),
                  t.gpuModel == model else { return sum }
            return sum + (MarketMix.nodesByMarket(g.attributes)[market] ?? 0) * t.gpuCount
        }
    }

    /// Free nodes of a type in a zone's market right now.
    func available(zone: String, type: String, market: String, excluding: String?, state: SimWorldState) -> Int {
        if state.isDrained(zone: zone, instanceType: type, market: market)
            || config.drained.contains(where: { $0.covers(zone: zone, instanceType: type, market: market) })
            || chance(config.capacityErrorRate) {
            return 0
        }
        let used = state.nodeGroupIDs.reduce(0) { sum, id in
            guard id != excluding, let g = state.resources[id], g.attributes["zone"]?.stringValue == zone,
                  g.attributes["instance_type"]?.stringValue == type else { return sum }
            return sum + (MarketMix.nodesByMarket(g.attributes)[market] ?? 0)
        }
        return max(0, config.capacity(zone: zone, instanceType: type, market: market) - used)
    }

    /// The zones a group may land in, in order: its own zone when it already exists;
    /// otherwise its subnets' zones, narrowed by `zones`, else the region's zones.
    private func candidateZones(_ attributes: [String: Value], region: String, state: SimWorldState,
                                existingZone: String?) -> (zones: [String], problem: String?) {
        if let existingZone { return ([existingZone], nil) }
        let regionZones = config.zones(in: region)
        var zones = regionZones
        if let subnets = attributes["subnet_ids"]?.arrayValue {
            zones = subnets.compactMap { $0.stringValue.flatMap { state.resources[$0]?.attributes["zone"]?.stringValue } }
        }
        if let wanted = attributes["zones"], wanted.stringValue != "any", !wanted.isNull {
            guard let list = wanted.arrayValue?.compactMap(\.stringValue), !list.isEmpty else {
                return ([], "`zones` must be `any` or a list of zone names")
            }
            for zone in list where !regionZones.contains(zone) {
                return ([], "zone `\(zone)` is not in region \(region) (zones: \(regionZones.joined(separator: ", ")))")
            }
            zones = list.filter { zones.contains($0) }
        }
        guard !zones.isEmpty else { return ([], "no zone of \(region) matches the group's subnets and zones") }
        return (zones, nil)
    }
}
