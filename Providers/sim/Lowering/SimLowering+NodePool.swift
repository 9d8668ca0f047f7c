import GantryBasics
import GantryCatalog
import GantryProviderKit

extension SimLowering.Context {
    /// What a node pool lowers to in one region: its launch template, and the node group
    /// attributes that depend on the region.
    struct RegionalPlacement {
        var region: String
        var type: SimCatalog.InstanceType?
        var mig: MIGLayout?
        var launchTemplate: ResourceAddress
        /// `region`, `name`, `launch_template_id`, `subnet_ids`, `zones`, `placement_group`.
        var groupAttributes: [String: Value]
    }

    /// A node pool: launch template (instance type, EFA interfaces, MIG user data, labels,
    /// taints, file system mounts) → node group (counts, market, subnets, placement group).
    ///
    /// A pool whose `capacity.regions` lists several regions (a failover order, with no
    /// region of its own) gets a launch template in each and one node group, lowered for
    /// the first region, whose `region_alternatives` hold each region's attributes
    /// (`RegionAlternatives`): the engine's offer picks the region where it lands.
    mutating func lowerNodePool(_ item: IntentItem) {
        let a = item.attributes
        let regions = candidateRegions(item)
        let failover = regions.count > 1
        var placements: [RegionalPlacement] = []
        let reported = diagnostics.count
        for region in regions {
            placements.append(lowerPlacement(item, region: region,
                                             templateName: failover ? region : "main", failover: failover))
        }
        // A problem that does not depend on the region (a MIG layout) is reported once.
        var seen = Set<String>()
        diagnostics = Array(diagnostics[..<reported]) + diagnostics[reported...].filter {
            seen.insert("\($0.code)\u{0}\($0.message)").inserted
        }
        guard let first = placements.first else { return }
        let type = first.type

        // Node group.
        let capacity = a["capacity"]
        let market = capacity?["market"]?.stringValue ?? SimMarket.onDemand
        if !SimMarket.all.contains(market) {
            error(item, "unknown-market", "market `\(market)` is not spot or on-demand", path: "capacity.market",
                  expected: "spot, on-demand")
        }
        var group: [String: Value] = ["instance_type": .string(type?.name ?? ""), "market": .string(market)]
        group.merge(first.groupAttributes) { _, new in new }
        if failover {
            group[RegionAlternatives.key] = .object(Dictionary(placements.map {
                ($0.region, Value.object($0.groupAttributes))
            }, uniquingKeysWith: { first, _ in first }))
        }
        if let fallback = capacity?["fallback"], !fallback.isNull { group["fallback"] = fallback }
        // A mixed spot group: the engine's spot offers write the same two keys.
        let spotPercent = SimIntentValues.int(capacity?["spot_percent"]) ?? 100
        let onDemandBase = SimIntentValues.int(capacity?["on_demand_base"]) ?? 0
        if market == SimMarket.spot, spotPercent < 100 || onDemandBase > 0 {
            group[MarketMix.spotPercentKey] = .int(spotPercent)
            group[MarketMix.onDemandBaseKey] = .int(onDemandBase)
        }
        group.merge(nodeCounts(item)) { _, new in new }
        if let update = updateConfig(item) { group["update_config"] = update }
        if let type, let perNode = NodeGroupAttributes.gpuInstancesPerNode(first.mig, gpus: type.gpuCount) {
            // What a node offers the scheduler; the plan shows it.
            group["gpu_instances_per_node"] = perNode
        }
        let nodeGroup = add(item, type: SimTypes.nodeGroup, group)

        var out: [String: Value] = [
            "id": ref(nodeGroup), "node_group_id": ref(nodeGroup), "zone": ref(nodeGroup, "zone"),
            "ready_nodes": ref(nodeGroup, "ready_nodes"),
            // Where a failover pool landed is known once the engine has placed it.
            "launch_template_id": failover ? ref(nodeGroup, "launch_template_id") : ref(first.launchTemplate),
            "region": failover ? ref(nodeGroup, "region") : .string(first.region),
        ]
        if let type {
            out["instance_type"] = .string(type.name)
            out["gpu_model"] = .string(type.gpuModel)
            out["gpu_count"] = .int(type.gpuCount)
            out["price_per_hour"] = failover ? ref(nodeGroup, "price_per_hour")
                : type.price(region: first.region, market: market).map(Value.double) ?? .null
        }
        outputs[item.address] = out
    }

    /// The regions a pool may land in: its own, else its `capacity.regions` failover order,
    /// else the world's first.
    private func candidateRegions(_ item: IntentItem) -> [String] {
        let candidates = item.candidateRegions
        return candidates.isEmpty ? [region(of: item)] : candidates
    }

    /// The pool's launch template in `region` and the node group attributes that depend on
    /// the region. Problems are reported once per pool, not once per candidate region, where
    /// they do not depend on it.
    private mutating func lowerPlacement(_ item: IntentItem, region: String, templateName: String,
                                         failover: Bool) -> RegionalPlacement {
        let a = item.attributes
        let type = instanceType(for: item, region: region)

        // The network this pool lands in.
        var net: IntentItem?
        if let name = a["network"]?.stringValue ?? a["network"]?.references.first.map({ networkName($0.address) }) {
            net = network(named: name, region: region)
            if net == nil {
                error(item, "unknown-network", "network `\(name)` is not declared in region \(region)", path: "network",
                      hint: "add \(region) to networks.\(name).regions, or pick a network that has it")
            }
        }
        let link = net.map(interconnect(of:)) ?? Interconnect()
        var efaInterfaces = 0
        if let type, link.fabric == "efa" {
            efaInterfaces = type.efaInterfaces
            if efaInterfaces == 0 {
                error(item, "no-efa", "\(type.name) has no EFA interfaces, but network `\(net?.name ?? "")` uses fabric efa",
                      path: "gpu", hint: "pick a larger instance type, or `fabric: none` on the network")
            }
        }
        if let type, link.clusterPlacement, !type.supportsClusterPlacement {
            error(item, "no-cluster-placement", "\(type.name) cannot join a cluster placement group", path: "gpu")
        }

        // Launch template.
        let mig = readMIG(item, gpuModel: type?.gpuModel)
        var labels = a["labels"]?.objectValue ?? [:]
        labels["gantry.dev/pool"] = .string(item.name)
        if let mig { labels["nvidia.com/mig.config"] = .string(mig.nodeLabel) }
        var template: [String: Value] = [
            "region": .string(region), "name": .string("\(item.name)-\(region)"),
            "instance_type": .string(type?.name ?? ""), "image": "sim-gpu-ami-2026.11",
            "labels": .object(labels), "taints": .array(taints(item)),
            "user_data": .string(userData(item, mig: mig)),
        ]
        if efaInterfaces > 0 { template["efa_interfaces"] = .int(efaInterfaces) }
        if let net { template["security_group_ids"] = [ref(net.address.child(type: SimTypes.securityGroup, name: "main"))] }
        if let mig { template["mig_layout"] = .object(mig.perGPU.mapValues(Value.int)) }
        let mounts = self.mounts(for: item, region: region)
        if !mounts.isEmpty { template["mounts"] = .array(mounts) }
        let launchTemplate = add(item, type: SimTypes.launchTemplate, name: templateName, template)

        var group: [String: Value] = [
            "region": .string(region), "name": .string("\(item.name)-\(region)"), "launch_template_id": ref(launchTemplate),
        ]
        let zones = zones(for: item, region: region, failover: failover)
        // A failover alternative always says its zones, so choosing it replaces the first region's.
        if let zones { group["zones"] = .array(zones.map(Value.string)) } else if failover { group["zones"] = "any" }
        if let net {
            let subnetZones = zones ?? config.zones(in: region)
            group["subnet_ids"] = .array(subnetZones.map { ref(net.address.child(type: SimTypes.subnet, name: $0)) })
            if link.clusterPlacement {
                group["placement_group"] = ref(net.address.child(type: SimTypes.placementGroup, name: "main"))
            }
        }
        return RegionalPlacement(region: region, type: type, mig: mig, launchTemplate: launchTemplate,
                                 groupAttributes: group)
    }

    /// `networks.train[us-east-1]` → `train`.
    private func networkName(_ address: ResourceAddress) -> String {
        let parts = address.rawValue.split(separator: ".", maxSplits: 2)
        guard parts.count >= 2 else { return address.rawValue }
        return String(parts[1].split(separator: "[").first ?? parts[1])
    }

    /// `gpu: {type}` as given, or `gpu: {model, count}` → the cheapest matching type.
    private mutating func instanceType(for item: IntentItem, region: String) -> SimCatalog.InstanceType? {
        let gpu = item.attributes["gpu"]?.objectValue ?? [:]
        // The spec may already have resolved the type from the catalog; it then wins.
        if let name = item.attributes["instance_type"]?.stringValue ?? gpu["type"]?.stringValue {
            guard let type = SimCatalog.instanceType(name) else {
                error(item, "unknown-instance-type", "instance type `\(name)` is not offered by the sim cloud",
                      path: "gpu.type", hint: "use `gpu: { model, count }` to let Gantry pick one")
                return nil
            }
            if !type.isOffered(in: region) {
                error(item, "instance-type-not-in-region", "\(name) is not offered in \(region)", path: "gpu.type",
                      hint: "it is offered in " + type.regions.joined(separator: ", "))
            }
            return type
        }
        let models = SimIntentValues.names(gpu["model"])
        guard !models.isEmpty else {
            error(item, "missing-gpu", "a node pool needs `gpu: { model, count }` or `gpu: { type }`", path: "gpu")
            return nil
        }
        let count = SimIntentValues.int(gpu["count"])
        // Across alternative models: fewest GPUs first when no count is given, then price.
        let offers = models.flatMap { SimCatalog.offers(gpuModel: $0, count: count, region: region) }
        let best = offers.min { a, b in
            let pa = a.price(region: region, market: SimMarket.onDemand) ?? .infinity
            let pb = b.price(region: region, market: SimMarket.onDemand) ?? .infinity
            return (a.gpuCount, pa) < (b.gpuCount, pb)
        }
        guard let best else {
            let elsewhere = models.flatMap { SimCatalog.anywhere(gpuModel: $0) }
                .filter { count == nil || $0.gpuCount == count }
                .map { "\($0.name) (\($0.gpuCount) × \($0.gpuModel)) in \($0.regions.joined(separator: ", "))" }
            let unknown = models.filter { SimCatalog.canonicalGPUModel($0) == nil }
            error(item, "no-offer", "no instance type in \(region) has \(count.map(String.init) ?? "any number of") "
                      + models.joined(separator: " or ") + " GPUs", path: "gpu",
                  hint: !unknown.isEmpty ? "known GPU models: \(SimCatalog.gpuModels.joined(separator: ", "))"
                      : elsewhere.isEmpty ? nil : "offered: \(elsewhere.joined(separator: "; "))")
            return nil
        }
        return best
    }

    /// `nodes: {min, max, desired}` → `min_size`, `max_size`, `desired_size`.
    private mutating func nodeCounts(_ item: IntentItem) -> [String: Value] {
        let nodes = item.attributes["nodes"]?.objectValue ?? [:]
        func count(_ key: String) -> Value? {
            guard let v = nodes[key], !v.isNull else { return nil }
            if v.containsUnknown { return v }
            guard let n = SimIntentValues.int(v), n >= 0 else {
                error(item, "invalid-node-count", "`nodes.\(key)` must be a whole number ≥ 0, got \(SimValueText.describe(v))",
                      path: "nodes.\(key)")
                return nil
            }
            return .int(n)
        }
        let minimum = count("min") ?? 0
        let desired = count("desired") ?? minimum
        let maximum = count("max") ?? .int(max(desired.intValue ?? 0, minimum.intValue ?? 0))
        if let lo = minimum.intValue, let d = desired.intValue, let hi = maximum.intValue, !(lo <= d && d <= hi) {
            error(item, "node-count-order", "node counts must satisfy min ≤ desired ≤ max, got \(lo) ≤ \(d) ≤ \(hi)",
                  path: "nodes")
        }
        return ["min_size": minimum, "desired_size": desired, "max_size": maximum]
    }

    /// `capacity.zones` narrowed to this region's zones; nil for `any` or absent, and — for
    /// a pool that fails over across regions — for a region none of the zones is in.
    private mutating func zones(for item: IntentItem, region: String, failover: Bool) -> [String]? {
        guard let wanted = item.attributes["capacity"]?["zones"], !wanted.isNull, wanted.stringValue != "any" else { return nil }
        let list = SimIntentValues.names(wanted)
        let regionZones = config.zones(in: region)
        let here = list.filter(regionZones.contains)
        if here.isEmpty && failover { return nil }
        if here.isEmpty {
            error(item, "no-zone-in-region", "none of the zones \(list.joined(separator: ", ")) is in \(region)",
                  path: "capacity.zones", expected: regionZones.joined(separator: ", ") + " or any")
            return nil
        }
        return here
    }

    private mutating func updateConfig(_ item: IntentItem) -> Value? {
        let (config, problem) = NodeGroupAttributes.updateConfig(item.attributes["update"])
        if let problem { error(item, problem.code, problem.message, path: problem.path) }
        return config
    }
}
