import GantryBasics
import GantryProviderKit

extension SimCloud {
    /// Where a node group lands, and what the cloud computed about it.
    struct Landing {
        var attributes: [String: Value]
    }

    /// Finds a zone with capacity for the whole node group (a group never spans zones,
    /// so a cluster placement stays together), after checking the account's GPU quota.
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

        // Quota: GPUs of this model in this market, account-wide.
        let limit = config.quota(gpuModel: type.gpuModel, market: market)
        let inUse = state.nodeGroupIDs.reduce(0) { sum, id in
            guard id != excluding, let g = state.resources[id], g.attributes["market"]?.stringValue ?? SimMarket.onDemand == market,
                  let t = SimCatalog.instanceType(g.attributes["instance_type"]?.stringValue ?? ""),
                  t.gpuModel == type.gpuModel else { return sum }
            return sum + (g.attributes["desired_size"]?.intValue ?? 0) * t.gpuCount
        }
        let requested = desired * type.gpuCount
        if inUse + requested > limit {
            return .failure(ProviderError(
                .capacity, "\(market) quota for \(type.gpuModel) GPUs exceeded: \(requested) requested, "
                    + "\(inUse) of \(limit) in use",
                address: address, providerCode: "QuotaExceeded",
                detail: ["gpu_model": .string(type.gpuModel), "market": .string(market), "limit": .int(limit),
                         "in_use": .int(inUse), "requested": .int(requested), "region": .string(region)]))
        }

        let existingZone = excluding.flatMap { state.resources[$0]?.attributes["zone"]?.stringValue }
        let (zones, problem) = candidateZones(attributes, region: region, state: state, existingZone: existingZone)
        if let problem { return invalid(problem) }
        var attempts: [Value] = []
        for zone in zones {
            let available = self.available(zone: zone, type: type.name, market: market, excluding: excluding, state: state)
            attempts.append(["zone": .string(zone), "available": .int(available)])
            if desired <= available {
                return .success(Landing(attributes: [
                    "zone": .string(zone), "gpu_model": .string(type.gpuModel), "gpu_count": .int(type.gpuCount),
                    "failed_nodes": 0,
                    "price_per_hour": type.price(region: region, market: market).map(Value.double) ?? .null,
                ]))
            }
        }
        let first = attempts.first ?? ["zone": .string(region), "available": 0]
        return .failure(ProviderError(
            .capacity, "insufficient \(market) capacity for \(desired) × \(type.name) in "
                + zones.joined(separator: ", ") + " (available: "
                + attempts.map { "\($0["zone"]?.stringValue ?? "?") \($0["available"]?.intValue ?? 0)" }
                    .joined(separator: ", ") + ")",
            address: address, providerCode: "InsufficientInstanceCapacity",
            detail: ["zone": first["zone"] ?? .null, "available": first["available"] ?? 0, "market": .string(market),
                     "instance_type": .string(type.name), "requested": .int(desired), "attempts": .array(attempts)]))
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
                  g.attributes["instance_type"]?.stringValue == type,
                  (g.attributes["market"]?.stringValue ?? SimMarket.onDemand) == market else { return sum }
            return sum + (g.attributes["desired_size"]?.intValue ?? 0)
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
