import GantryBasics

/// Nodes that fail to boot, set by `gantry sim fail-nodes`: every node group created or
/// scaled up afterwards (of this instance type and/or in this zone, when given) gets its
/// new nodes marked failed, until `gantry sim fail-nodes --heal`.
///
/// Existing node groups are not touched (use `gantry sim set ADDRESS failed_nodes N` for
/// those); this is for what an apply is about to create, such as the new group of a
/// blue-green or canary rollout.
public struct SimNodeFault: Sendable, Hashable, CustomStringConvertible {
    /// nil: every instance type.
    public var instanceType: String?
    /// nil: every zone.
    public var zone: String?
    /// The first nodes of each group that still boot (0: none do), so a canary's small
    /// first step passes and a later one fails.
    public var healthyNodes: Int

    public init(instanceType: String? = nil, zone: String? = nil, healthyNodes: Int = 0) {
        self.instanceType = instanceType
        self.zone = zone
        self.healthyNodes = max(0, healthyNodes)
    }

    /// Failed nodes after a group grows from `old` to `new` nodes with `failed` failed.
    func failedNodes(growingFrom old: Int, to new: Int, failed: Int) -> Int {
        failed + max(0, new - max(old, healthyNodes))
    }

    func covers(instanceType: String, zone: String) -> Bool {
        (self.instanceType ?? instanceType) == instanceType && (self.zone ?? zone) == zone
    }

    public var description: String {
        "new nodes of \(instanceType ?? "every instance type") in \(zone ?? "every zone")"
            + (healthyNodes > 0 ? " beyond the first \(healthyNodes) of a group" : "") + " fail"
    }

    var jsonValue: Value {
        var o: [String: Value] = [:]
        if let instanceType { o["instance_type"] = .string(instanceType) }
        if let zone { o["zone"] = .string(zone) }
        if healthyNodes > 0 { o["healthy_nodes"] = .int(healthyNodes) }
        return .object(o)
    }

    init?(jsonValue v: Value) {
        guard v.objectValue != nil else { return nil }
        self.init(instanceType: v["instance_type"]?.stringValue, zone: v["zone"]?.stringValue,
                  healthyNodes: v["healthy_nodes"]?.intValue ?? 0)
    }
}
