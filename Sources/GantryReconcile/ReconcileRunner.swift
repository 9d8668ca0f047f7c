import GantryGit

/// What a reconcile run does with the cloud.
public enum ReconcileMode: String, Sendable, Hashable, CaseIterable {
    /// Plan and apply (drift is corrected).
    case apply
    /// Plan and report; change nothing.
    case planOnly = "plan-only"
    /// Refresh and report drift; change nothing.
    case driftOnly = "drift-only"
}

/// The spec of one revision, read straight from the commit's tree.
public struct SpecSource: Sendable {
    /// The spec files (path relative to the repository root, bytes).
    public var files: [GitFile]
    public var revision: GitRevision

    public init(files: [GitFile], revision: GitRevision) {
        self.files = files
        self.revision = revision
    }
}

/// Safety rules for one run.
public struct ReconcilePolicy: Sendable, Hashable {
    /// Delete resources that left the spec (`--prune`); otherwise deletes are skipped.
    public var prune: Bool
    /// Allow a plan that deletes every resource in the state (`--allow-delete-all`).
    public var allowDeleteAll: Bool

    public init(prune: Bool = false, allowDeleteAll: Bool = false) {
        self.prune = prune
        self.allowDeleteAll = allowDeleteAll
    }
}

/// One run of spec → providers → state lock → engine, implemented by the CLI layer
/// (which owns that composition); the loop only sees this protocol.
public protocol ReconcileRunner: Sendable {
    /// Plans (and in `apply` mode applies) `source`; never throws — every failure is an outcome.
    ///
    /// - Parameter deadline: when the run should stop starting new work.
    func run(_ source: SpecSource, mode: ReconcileMode, policy: ReconcilePolicy,
             deadline: ContinuousClock.Instant) async -> RunOutcome
}

/// What one run found and did.
public struct RunOutcome: Sendable, Hashable {
    public enum Result: String, Sendable, Hashable, CaseIterable {
        /// Changes were applied successfully.
        case applied
        /// Nothing to change.
        case upToDate = "up-to-date"
        /// Changes planned and not applied (plan-only or drift-only).
        case planned
        /// The spec did not load or plan; nothing changed.
        case invalid
        /// The plan was refused by a safety rule; nothing changed.
        case refused
        /// Apply failed part-way or the providers failed.
        case failed
        /// Another process holds the state lock; this one stands by.
        case standby
    }

    public var result: Result
    /// Resources planned to be added / changed / destroyed.
    public var add = 0, change = 0, destroy = 0
    /// Deletes left out because `--prune` is off.
    public var skippedDeletes = 0
    /// Addresses whose cloud object drifted from the state.
    public var drifted: [String] = []
    /// Diagnostics and errors, rendered for people.
    public var messages: [String] = []
    /// Why a refused run was refused, when not `PruneRefused` (e.g. `DeleteProtected`).
    public var refusal: ConditionReason?

    public init(result: Result, add: Int = 0, change: Int = 0, destroy: Int = 0, skippedDeletes: Int = 0,
                drifted: [String] = [], messages: [String] = []) {
        self.result = result
        self.add = add
        self.change = change
        self.destroy = destroy
        self.skippedDeletes = skippedDeletes
        self.drifted = drifted
        self.messages = messages
    }

    /// Whether the run counts as a failure for backoff and the Ready condition.
    public var isFailure: Bool { result == .invalid || result == .refused || result == .failed }
}
