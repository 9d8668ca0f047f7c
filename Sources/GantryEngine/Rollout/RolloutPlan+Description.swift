import GantryBasics

extension RolloutPlan {
    /// The steps as sentences, for the human plan: what each step sets, what its gate
    /// waits for, and the rule when a gate fails.
    public var descriptionLines: [String] {
        var lines = ["rollout: \(settings.strategy.rawValue), health timeout \(settings.healthTimeoutText)"
                     + (settings.pause > 0 ? ", pause \(TimeSpan(seconds: Int64(settings.pause)).description) between steps" : "")]
        for (index, step) in steps.enumerated() {
            var parts: [String] = []
            if let before = step.oldNodesBefore { parts.append("shrink the old group to \(before)") }
            parts.append(index == 0 ? "create the new group with \(Self.nodes(step.newNodes))"
                                    : "grow the new group to \(Self.nodes(step.newNodes))")
            parts.append("wait until \(step.newNodes) \(step.newNodes == 1 ? "is" : "are") ready")
            if let after = step.oldNodesAfter { parts.append("shrink the old group to \(after)") }
            lines.append("  \(index + 1). \(step.label): " + parts.joined(separator: ", "))
        }
        lines.append("  then delete the old group (\(Self.nodes(oldNodes)) before the rollout)")
        lines.append("  if a gate fails: the new group is deleted and the old one kept"
                     + (settings.strategy == .rolling ? " (scaled back to \(oldNodes))" : ""))
        return lines
    }

    /// The rollout as JSON, for `gantry plan --json` (`gantry_rollout`).
    public var jsonValue: Value {
        .object([
            "strategy": .string(settings.strategy.rawValue),
            "health_timeout_seconds": .int(Int(settings.healthTimeout)),
            "pause_seconds": .int(Int(settings.pause)),
            "old_nodes": .int(oldNodes), "new_nodes": .int(newNodes),
            "steps": .array(steps.map { step in
                var o: [String: Value] = ["label": .string(step.label), "new_nodes": .int(step.newNodes),
                                          "gate": .string("ready_nodes >= \(step.newNodes)")]
                if let before = step.oldNodesBefore { o["old_nodes_before"] = .int(before) }
                if let after = step.oldNodesAfter { o["old_nodes_after"] = .int(after) }
                return .object(o)
            }),
            "on_failure": "delete the new group, keep the old one",
        ])
    }
}
