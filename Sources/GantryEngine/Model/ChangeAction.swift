/// What a plan does to one resource.
///
/// A replacement is one action with an order, as in OpenTofu's `plans.Action`: the old
/// resource is deleted first by default, or the new one is created first when the
/// resource type asks for it (`createBeforeDestroy`).
public enum ChangeAction: String, Sendable, Hashable, CaseIterable {
    case noOp = "no-op"
    case create
    case update
    case delete
    case deleteThenCreate = "delete-then-create"
    case createThenDelete = "create-then-delete"

    /// True for both orders of replacement.
    public var isReplace: Bool { self == .deleteThenCreate || self == .createThenDelete }

    /// The `change.actions` array of Terraform's JSON plan.
    public var terraformActions: [String] {
        switch self {
        case .noOp: ["no-op"]
        case .create: ["create"]
        case .update: ["update"]
        case .delete: ["delete"]
        case .deleteThenCreate: ["delete", "create"]
        case .createThenDelete: ["create", "delete"]
        }
    }

    /// The marker in front of a resource in the human plan: `+`, `~`, `-`, `-/+`, `+/-`.
    public var marker: String {
        switch self {
        case .noOp: " "
        case .create: "+"
        case .update: "~"
        case .delete: "-"
        case .deleteThenCreate: "-/+"
        case .createThenDelete: "+/-"
        }
    }

    /// Whether the resource exists after apply with new attributes (needs a create call).
    var creates: Bool { self == .create || isReplace }
    /// Whether the old resource goes away (needs a delete call).
    var deletes: Bool { self == .delete || isReplace }
}
