import GantryBasics

/// The steps by which a node group that must be replaced moves to its new version,
/// computed from the change alone (so a saved plan and its apply agree).
///
/// Every strategy creates the new group first and deletes the old one last; in between:
/// - `blue-green`: the new group at full size, one health gate, then the old one goes.
/// - `canary`: the new group grows through the steps (10% → 50% → 100% of the desired
///   nodes), a health gate (and the optional pause) after each; the old group keeps
///   serving untouched until the last gate passes.
/// - `rolling`: batches of `max_surge + max_unavailable` nodes; the old group first
///   shrinks by `max_unavailable`, the new one grows by the batch, and once its nodes are
///   ready the old one shrinks by the rest.
///
/// On a failed gate nothing goes forward: the new group is deleted and the old one is
/// put back to its size (see `RolloutRunner`).
public struct RolloutPlan: Sendable, Hashable {
    /// One step: sizes to set, then a health gate on the new group.
    public struct Step: Sendable, Hashable {
        /// `10%`, `batch 2 of 4`, `all 8 nodes`.
        public var label: String
        /// The old group's size before the new nodes start (rolling with
        /// `max_unavailable`); nil leaves it as it is.
        public var oldNodesBefore: Int?
        /// The new group's desired nodes in this step; the gate waits for them.
        public var newNodes: Int
        /// The old group's size once the gate has passed; nil leaves it as it is.
        public var oldNodesAfter: Int?
    }

    public var settings: RolloutSettings
    /// Desired nodes of the group being replaced.
    public var oldNodes: Int
    /// Desired nodes of the new group at the end.
    public var newNodes: Int
    /// Minimum nodes of the new group at the end (lowered during the steps so they fit).
    public var minNodes: Int
    public var steps: [Step]

    public init(settings: RolloutSettings, oldNodes: Int, newNodes: Int, minNodes: Int) {
        self.settings = settings
        self.oldNodes = max(0, oldNodes)
        self.newNodes = max(0, newNodes)
        self.minNodes = max(0, minNodes)
        steps = Self.steps(settings, old: self.oldNodes, new: self.newNodes)
    }

    /// The rollout of a change, when it replaces (new one first) a resource that carries
    /// rollout settings and whole node counts; nil otherwise.
    public static func make(for change: ResourceChange) -> RolloutPlan? {
        guard change.action == .createThenDelete, let settings = RolloutSettings.read(from: change.after),
              let new = change.after?[settings.sizeKey]?.intValue else { return nil }
        let old = change.before?[settings.sizeKey]?.intValue ?? new
        let minimum = change.after?[settings.minKey]?.intValue ?? 0
        return RolloutPlan(settings: settings, oldNodes: old, newNodes: new, minNodes: minimum)
    }

    /// The attributes to create or update the new group with at a step.
    func attributes(_ final: [String: Value], step: Step) -> [String: Value] {
        guard step.newNodes != newNodes else { return final }
        return Self.sized(final, settings: settings, nodes: step.newNodes, minimum: minNodes)
    }

    /// `attributes` with the desired count set to `nodes`, the minimum lowered to fit.
    static func sized(_ attributes: [String: Value], settings: RolloutSettings, nodes: Int, minimum: Int)
        -> [String: Value]
    {
        var out = attributes
        out[settings.sizeKey] = .int(nodes)
        if out[settings.minKey] != nil { out[settings.minKey] = .int(min(minimum, nodes)) }
        return out
    }

    private static func steps(_ settings: RolloutSettings, old: Int, new: Int) -> [Step] {
        switch settings.strategy {
        case .blueGreen:
            return [Step(label: "all \(nodes(new))", newNodes: new)]
        case .canary:
            var percents = settings.steps.filter { (1...100).contains($0) }
            if percents.last != 100 { percents.append(100) }
            var out: [Step] = []
            for p in percents {
                // At least one node per step, so a small pool still gets a canary.
                let count = p == 100 ? new : min(new, max(new > 0 ? 1 : 0, (new * p + 99) / 100))
                // Steps that round to the same size are one step, named by the later one.
                if out.last?.newNodes == count { out.removeLast() }
                out.append(Step(label: "\(p)% (\(nodes(count)))", newNodes: count))
            }
            return out
        case .rolling:
            let batch = max(1, settings.maxSurge + settings.maxUnavailable)
            let batches = max(1, (new + batch - 1) / batch)
            var out: [Step] = []
            var previous = 0
            for i in 1...batches {
                let target = min(new, i * batch)
                let before = settings.maxUnavailable > 0 ? max(0, old - previous - settings.maxUnavailable) : nil
                out.append(Step(label: "batch \(i) of \(batches) (\(nodes(target)))",
                                oldNodesBefore: before, newNodes: target, oldNodesAfter: max(0, old - target)))
                previous = target
            }
            return out
        }
    }

    static func nodes(_ n: Int) -> String { n == 1 ? "1 node" : "\(n) nodes" }
}
