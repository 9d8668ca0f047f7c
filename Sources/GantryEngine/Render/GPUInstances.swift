import GantryBasics

/// The GPU instances a node group offers the scheduler, from the `gpu_instances_per_node`
/// attribute a provider's lowering sets for MIG-partitioned pools (`{1g.10gb: 56}`) and
/// the group's desired nodes: what the plan shows under the change.
public struct GPUInstances: Sendable, Hashable {
    /// Instances per node by MIG profile.
    public var perNode: [String: Int]
    /// Desired nodes, when known.
    public var nodes: Int?

    /// Nil when the change's resource has no MIG instances.
    public init?(_ change: ResourceChange) {
        guard let attributes = change.after, let object = attributes["gpu_instances_per_node"]?.objectValue else {
            return nil
        }
        perNode = object.compactMapValues(\.intValue)
        guard !perNode.isEmpty else { return nil }
        let sizeKey = RolloutSettings.read(from: attributes)?.sizeKey ?? "desired_size"
        nodes = attributes[sizeKey]?.intValue
    }

    /// `56 × 1g.10gb per node, 224 in pool (4 nodes)`.
    public var summary: String {
        let names = perNode.keys.sorted()
        let node = names.map { "\(perNode[$0] ?? 0) × \($0)" }.joined(separator: " + ")
        guard let nodes else { return "\(node) per node" }
        let pool = names.map { "\((perNode[$0] ?? 0) * nodes)\(names.count > 1 ? " × \($0)" : "")" }.joined(separator: " + ")
        return "\(node) per node, \(pool) in pool (\(RolloutPlan.nodes(nodes)))"
    }

    /// For `gantry plan --json` (`gantry_gpu_instances`).
    public var jsonValue: Value {
        var o: [String: Value] = ["per_node": .object(perNode.mapValues(Value.int))]
        if let nodes { o["in_pool"] = .object(perNode.mapValues { .int($0 * nodes) }) }
        return .object(o)
    }
}
