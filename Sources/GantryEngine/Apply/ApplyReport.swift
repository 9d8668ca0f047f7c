import GantryBasics
import GantryProviderKit

/// What an apply did: each resource's outcome, how concurrency adapted, and the state
/// serial it committed.
public struct ApplyReport: Sendable {
    public enum Status: String, Sendable, Hashable {
        /// Every change succeeded.
        case succeeded
        /// Some changes failed (their dependents were skipped); the rest were applied.
        case partial
        /// Stopped by Ctrl-C: in-flight calls finished and were recorded, the rest did not run.
        case interrupted
    }

    /// One resource's outcome.
    public struct Outcome: Sendable, Hashable {
        public var address: ResourceAddress
        public var action: ChangeAction
        public var result: EngineEvent.Outcome
        /// The cloud id after apply, when the resource exists.
        public var id: String?
        /// Provider calls made for it (retries included).
        public var attempts: Int
    }

    /// How one provider's concurrency limit moved.
    public struct Concurrency: Sendable, Hashable {
        public var maximum: Int
        public var lowest: Int
        public var final: Int
        /// Most calls in flight at once.
        public var highestInFlight: Int
        /// Calls answered with `throttled`.
        public var throttledCalls: Int
        /// Provider calls made (batched: one call may cover many resources).
        public var calls: Int
    }

    public var status: Status
    /// Sorted by address; no-ops are left out.
    public var outcomes: [Outcome]
    /// Per provider.
    public var concurrency: [String: Concurrency]
    /// The serial of the state this apply committed.
    public var stateSerial: Int
    /// Wall-clock seconds.
    public var elapsed: Double
    /// Problems that did not stop the apply (a journal write that failed, …).
    public var warnings: [String]
    /// Where each node pool created in this apply landed and why (capacity failover).
    public var placements: [PoolLanding] = []

    public var succeeded: [Outcome] { outcomes.filter { $0.result == .succeeded } }
    public var failed: [Outcome] { outcomes.filter { if case .failed = $0.result { true } else { false } } }
    public var skipped: [Outcome] { outcomes.filter { if case .skipped = $0.result { true } else { false } } }
    public var notStarted: [Outcome] { outcomes.filter { $0.result == .notStarted } }

    /// `Apply complete! Resources: 2 added, 1 changed, 0 destroyed.` (counting what succeeded),
    /// or the partial / interrupted form.
    public var summaryLine: String {
        var added = 0, changed = 0, destroyed = 0
        for outcome in succeeded {
            switch outcome.action {
            case .create: added += 1
            case .update: changed += 1
            case .delete: destroyed += 1
            case .deleteThenCreate, .createThenDelete:
                added += 1
                destroyed += 1
            case .noOp: break
            }
        }
        let counts = "\(added) added, \(changed) changed, \(destroyed) destroyed."
        switch status {
        case .succeeded: return "Apply complete! Resources: \(counts)"
        case .partial:
            return "Apply failed for \(failed.count) resource(s), \(skipped.count) skipped. Resources: \(counts)"
        case .interrupted:
            return "Apply interrupted; \(notStarted.count) change(s) did not run. Resources: \(counts)"
        }
    }
}
