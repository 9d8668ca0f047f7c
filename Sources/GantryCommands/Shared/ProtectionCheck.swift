import GantryEngine
import GantryReconcile
import GantrySpec

/// `protect: true` for the commands a person runs: a plan that would delete or replace a
/// resource of a protected item is refused before anything changes, naming each one — as
/// Terraform's `prevent_destroy` does. (Reconcile keeps such resources instead; see
/// `DeleteProtection`.)
enum ProtectionCheck {
    /// Throws when `plan` deletes or replaces a resource of an item `spec` marks protected.
    static func refuse(_ plan: Plan, spec: Spec) throws {
        guard !spec.protectedItems.isEmpty else { return }
        let protection = DeleteProtection(marked: spec.protectedItems, declared: [], state: nil)
        let touched = plan.changes.filter { ($0.action == .delete || $0.action.isReplace) && protection.covers($0) }
        guard let first = touched.first else { return }
        let items = Set(touched.map { DeleteProtection.itemPath(of: $0.origin ?? $0.address) }).sorted()
        let listed = touched.map { "\($0.address) (\($0.action == .delete ? "delete" : "replace"))" }
        throw CommandError(
            "the plan would \(first.action == .delete ? "delete" : "replace") resources of protected "
                + "\(items.count == 1 ? "item" : "items") \(items.joined(separator: ", ")): "
                + listed.joined(separator: ", "),
            hint: "these items are marked `protect: true`; remove the mark and apply that first if the change is intended")
    }
}
