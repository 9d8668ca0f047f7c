import GantryBasics

/// The outcome of planning: what apply will do, what drifted, and against which state.
///
/// A plan is pinned to the state it was made from (`stateLineage` + `stateSerial`); apply
/// refuses it when the state has moved on since, so a saved plan never applies blindly.
public struct Plan: Sendable, Hashable {
    /// How many resources each kind of change touches, counted like Terraform: a
    /// replacement adds one and destroys one.
    public struct Summary: Sendable, Hashable {
        public var add: Int
        public var change: Int
        public var destroy: Int
        public var noOp: Int

        public init(add: Int = 0, change: Int = 0, destroy: Int = 0, noOp: Int = 0) {
            self.add = add
            self.change = change
            self.destroy = destroy
            self.noOp = noOp
        }

        /// True when apply would do nothing.
        public var isEmpty: Bool { add == 0 && change == 0 && destroy == 0 }
    }

    /// Serial of the state the plan was made from (0 when there was none).
    public var stateSerial: Int
    /// Lineage of that state; nil when there was none yet.
    public var stateLineage: String?
    /// For a state never committed (serial 0, rebuilt from a journal left by a crash),
    /// whose lineage is not yet fixed: a digest of what it records, compared instead.
    public var stateFingerprint: String?
    /// Whether this plan destroys everything (`gantry destroy`).
    public var isDestroy: Bool
    /// One entry per resource, sorted by address, including no-ops.
    public var changes: [ResourceChange]
    /// Changes made outside Gantry, found by refresh.
    public var drift: [DriftEntry]
    /// Problems found while planning; a plan with errors cannot be applied.
    public var diagnostics: [Diagnostic]
    /// State metadata keys the apply settles (pending creates resolved by adoption).
    public var resolvedPendingCreates: [ResourceAddress]
    /// Node pools being created: the offers their placement fails over through, in order,
    /// with the provider's forecast for each (see `PoolOffers`).
    public var fleet: [PoolOffers] = []

    public init(stateSerial: Int, stateLineage: String?, isDestroy: Bool = false, changes: [ResourceChange],
                drift: [DriftEntry] = [], diagnostics: [Diagnostic] = [],
                resolvedPendingCreates: [ResourceAddress] = []) {
        self.stateSerial = stateSerial
        self.stateLineage = stateLineage
        self.stateFingerprint = nil
        self.isDestroy = isDestroy
        self.changes = changes
        self.drift = drift
        self.diagnostics = diagnostics
        self.resolvedPendingCreates = resolvedPendingCreates
    }

    /// Counts of adds, changes and destroys.
    public var summary: Summary {
        var s = Summary()
        for change in changes {
            switch change.action {
            case .noOp: s.noOp += 1
            case .create: s.add += 1
            case .update: s.change += 1
            case .delete: s.destroy += 1
            case .deleteThenCreate, .createThenDelete:
                s.add += 1
                s.destroy += 1
            }
        }
        return s
    }

    /// True when apply would change nothing (drift alone is not a change).
    public var hasChanges: Bool { !summary.isEmpty || changes.indices.contains { changes[$0].adoptedID != nil } }

    /// The changes that do something, without no-ops.
    public var actionableChanges: [ResourceChange] {
        // Tested by index: `filter` copied every change (16 fields) to test it, and in a big
        // no-op plan that is every change.
        var actionable: [ResourceChange] = []
        for index in changes.indices where changes[index].action != .noOp || changes[index].adoptedID != nil {
            actionable.append(changes[index])
        }
        return actionable
    }
}
