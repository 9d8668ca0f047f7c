import GantryBasics

/// The node-group attributes every provider's lowering derives the same way from a node
/// pool: `update_config` (how the engine rolls out a replacement) and
/// `gpu_instances_per_node` (what MIG leaves a node offering the scheduler).
///
/// Both are conventions of the provider protocol (Docs/provider-protocol.md, "Node groups:
/// rollouts and health"); keeping them here means the sim and AWS lowerings cannot drift
/// apart in what they hand the engine.
public enum NodeGroupAttributes {
    /// The update strategies a node pool may name.
    public static let strategies = ["rolling", "blue-green", "canary"]

    /// A problem with the pool's `update` block, located under the pool.
    public struct Problem: Sendable, Hashable {
        public var code: String
        /// Under the pool: `update.strategy`.
        public var path: String
        public var message: String
    }

    /// The pool's `update` block as the node group's `update_config`, strategy defaulted to
    /// `rolling`; nil when the pool has none.
    ///
    /// - Parameters:
    ///   - sizeKey: the node group's attribute holding the desired node count, when it is
    ///     not `desired_size` (the engine resizes through it).
    ///   - minKey: likewise for the minimum, when it is not `min_size`.
    public static func updateConfig(_ update: Value?, sizeKey: String? = nil, minKey: String? = nil)
        -> (config: Value?, problem: Problem?)
    {
        guard let update, !update.isNull else { return (nil, nil) }
        let strategy = update["strategy"]?.stringValue ?? "rolling"
        let problem = strategies.contains(strategy) ? nil : Problem(
            code: "unknown-update-strategy", path: "update.strategy",
            message: "update strategy `\(strategy)` is not rolling, blue-green or canary")
        var out = update.objectValue ?? [:]
        out["strategy"] = .string(strategy)
        if let sizeKey { out["size_key"] = .string(sizeKey) }
        if let minKey { out["min_key"] = .string(minKey) }
        return (.object(out), problem)
    }

    /// `{PROFILE: count}` a node of `gpus` GPUs offers under `mig`; nil without MIG.
    public static func gpuInstancesPerNode(_ mig: MIGLayout?, gpus: Int) -> Value? {
        mig.map { .object($0.perNode(gpus: gpus).mapValues(Value.int)) }
    }
}
