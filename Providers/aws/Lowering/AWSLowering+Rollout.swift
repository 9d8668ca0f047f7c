import GantryBasics
import GantryCatalog
import GantryProviderKit

extension AWSLowering.Context {
    /// `update_config` and `gpu_instances_per_node` for a pool's Auto Scaling group, derived
    /// like every provider's (`NodeGroupAttributes`). The engine resizes the group through
    /// `desired_capacity` / `min_size` while it rolls a replacement out.
    mutating func rolloutAttributes(_ item: IntentItem, mig: MIGLayout?, type: InstanceType) -> [String: Value] {
        var out: [String: Value] = [:]
        let (config, problem) = NodeGroupAttributes.updateConfig(item.attributes["update"], sizeKey: "desired_capacity",
                                                                 minKey: "min_size")
        if let problem { error(item, problem.code, problem.message, path: problem.path) }
        if let config { out["update_config"] = config }
        if let perNode = NodeGroupAttributes.gpuInstancesPerNode(mig, gpus: type.gpuCount) {
            out["gpu_instances_per_node"] = perNode
        }
        return out
    }

    /// `base-<8 hex>`: a name for the pool's launch template and Auto Scaling group that
    /// changes whenever the nodes must (instance type, AMI, user data, interfaces, security
    /// groups, mounts, cluster placement) and only then.
    ///
    /// Both names are force-new and both types are replaced new-first, so such a change
    /// builds a second template and group beside the old ones — AWS wants the names unique —
    /// and the engine rolls the pool over by the pool's `update` strategy; a failed rollout
    /// leaves the old group on its old template. Size, market and tag changes keep the name
    /// and update in place.
    func versionedName(_ base: String, template: [String: Value], clusterPlacement: Bool) -> String {
        var shape = template
        shape["name"] = nil
        shape["tags"] = nil
        shape["cluster_placement"] = .bool(clusterPlacement)
        // References and unknowns have marker forms, so the text is stable across plans.
        guard let text = try? JSON.encode(.object(shape), markers: true) else { return base }
        return "\(base)-\(SHA256.hex(SHA256.hash(text)).prefix(8))"
    }
}
