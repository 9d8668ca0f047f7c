import GantryBasics
import GantryProviderKit

/// Why a rollout stopped, which step it stopped at, and what was done about it: the
/// report a person reads to decide what to do next.
public struct RolloutFailure: Sendable, Hashable, CustomStringConvertible {
    public var address: ResourceAddress
    public var strategy: RolloutSettings.Strategy
    /// 1-based.
    public var step: Int
    public var stepCount: Int
    /// `50% (4 nodes)`, `batch 2 of 3 (4 nodes)`.
    public var stepLabel: String
    /// What went wrong: a failed call, failed nodes, a timed-out gate.
    public var reason: String
    /// What was done to leave things as they were (the new group deleted, the old one
    /// restored) and anything left for a person to do.
    public var cleanup: [String]

    public var description: String {
        let verb = strategy == .blueGreen ? "rolled back" : "halted"
        var text = "\(strategy.rawValue) rollout \(verb) at step \(step) of \(stepCount) (\(stepLabel)): \(reason)"
        if !cleanup.isEmpty { text += " — " + cleanup.joined(separator: "; ") }
        return text
    }

    /// The failure as the apply walker reports it for the resource.
    var providerError: ProviderError {
        ProviderError(.fatal, description, address: address,
                      providerCode: strategy == .blueGreen ? "RolloutRolledBack" : "RolloutHalted",
                      detail: ["step": .int(step), "step_label": .string(stepLabel), "strategy": .string(strategy.rawValue)])
    }
}
