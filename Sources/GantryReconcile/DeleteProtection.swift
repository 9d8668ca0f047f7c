import GantryBasics
import GantryEngine
import GantryState

/// The spec items marked `protect: true`, and what that forbids a reconcile plan to do:
/// delete or replace any resource lowered from them.
///
/// The marks are recorded in the state's metadata (`reconcile.protectedItems`) at each
/// applied run, so they outlive the item: when a protected item leaves the spec, its
/// resources are kept (even with `--prune`) for as long as the state holds them. To really
/// delete one, first commit the item with `protect: true` removed, let it apply, then
/// remove the item — the same two steps Terraform's `prevent_destroy` asks for.
///
/// ```swift
/// let protection = DeleteProtection(marked: spec.protectedItems, declared: declaredItems, state: document)
/// let guarded = protection.guard(&plan)   // protected deletes dropped; replacements listed
/// ```
public struct DeleteProtection: Sendable, Hashable {
    /// The state metadata key recording the protected items (a list of item paths).
    public static let stateKey = "reconcile.protectedItems"

    /// Item paths such as `node_pools.h100-train` (no region key).
    public let items: Set<String>

    /// What `guard(_:)` did to a plan.
    public struct Outcome: Sendable, Hashable {
        /// Deletes of protected resources taken out of the plan: the resources are kept.
        public var kept: [ResourceAddress] = []
        /// Replacements of protected resources: the plan cannot be applied as it is.
        public var replacements: [ResourceAddress] = []
    }

    /// The protection for one run.
    ///
    /// - Parameters:
    ///   - marked: the items the spec marks `protect: true` (`Spec.protectedItems`).
    ///   - declared: every item path the spec declares; a declared item without the mark is
    ///     unprotected, whatever earlier runs recorded.
    ///   - state: the state before the run; items it records as protected stay protected
    ///     while the spec no longer declares them and the state still holds their resources.
    public init(marked: Set<String>, declared: Set<String>, state: StateDocument?) {
        let recorded = state?.metadata[Self.stateKey]?.arrayValue?.compactMap(\.stringValue) ?? []
        let held = Set(state?.resources.map { Self.itemPath(of: $0.origin ?? $0.address) } ?? [])
        items = marked.union(recorded.filter { !declared.contains($0) && held.contains($0) })
    }

    /// The item path an item or resource address belongs to:
    /// `node_pools.h100[us-east-1].sim_node_group.main` → `node_pools.h100`.
    public static func itemPath(of address: ResourceAddress) -> String {
        let parts = address.rawValue.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2 else { return address.rawValue }
        let name = parts[1].prefix { $0 != "[" }
        return "\(parts[0]).\(name)"
    }

    /// Whether `change` touches a resource of a protected item.
    public func covers(_ change: ResourceChange) -> Bool {
        items.contains(Self.itemPath(of: change.origin ?? change.address))
    }

    /// Takes the deletes of protected resources out of `plan` and lists the replacements of
    /// protected resources, which the caller must refuse (a replacement cannot be half done).
    public func `guard`(_ plan: inout Plan) -> Outcome {
        var outcome = Outcome()
        guard !items.isEmpty else { return outcome }
        for change in plan.changes where covers(change) {
            if change.action == .delete { outcome.kept.append(change.address) }
            if change.action.isReplace { outcome.replacements.append(change.address) }
        }
        let kept = Set(outcome.kept)
        plan.changes.removeAll { kept.contains($0.address) && $0.action == .delete }
        return outcome
    }

    /// The metadata value recording these items.
    public var stateValue: Value { .array(items.sorted().map(Value.string)) }
}
