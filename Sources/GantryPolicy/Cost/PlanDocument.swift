import Foundation
import GantryBasics
import GantryEngine

/// Reads a saved plan for the gate: the JSON of `gantry plan --json` (Terraform's JSON plan
/// shape) or a plan file of `gantry plan --out`.
public enum PlanDocument {
    /// The plan in `path`.
    /// - Throws: `PolicyError` when the file cannot be read or is neither kind of plan.
    public static func read(path: String) throws(PolicyError) -> Plan {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadablePlan(path, "cannot read the file")
        }
        let value: Value
        do {
            value = try JSON.parse([UInt8](data))
        } catch {
            throw .notAPlan(path, "not JSON: \(error)")
        }
        return try decode(value, path: path)
    }

    /// The plan in a parsed JSON document.
    public static func decode(_ value: Value, path: String) throws(PolicyError) -> Plan {
        if value["gantry_plan"] != nil {
            do {
                return try PlanFile.decode(value, path: path)
            } catch {
                throw .notAPlan(path, "\(error)")
            }
        }
        guard let changes = value["resource_changes"]?.arrayValue else {
            throw .notAPlan(path, "it has neither `resource_changes` (a JSON plan) nor `gantry_plan` (a plan file)")
        }
        var out: [ResourceChange] = []
        for (i, entry) in changes.enumerated() {
            guard let address = entry["address"]?.stringValue, let type = entry["type"]?.stringValue,
                  let body = entry["change"], let actions = body["actions"]?.arrayValue?.compactMap(\.stringValue) else {
                throw .notAPlan(path, "resource_changes[\(i)] lacks address, type or change.actions")
            }
            guard let action = Self.action(actions) else {
                throw .notAPlan(path, "resource_changes[\(i)] has unknown actions \(actions)")
            }
            out.append(ResourceChange(
                address: ResourceAddress(address), type: type, name: entry["name"]?.stringValue ?? "",
                provider: entry["provider_name"]?.stringValue ?? "", origin: entry["gantry_origin"]?.stringValue.map { ResourceAddress($0) },
                action: action, before: body["before"]?.objectValue, after: body["after"]?.objectValue))
        }
        return Plan(stateSerial: value["prior_state_serial"]?.intValue ?? 0,
                    stateLineage: value["prior_state_lineage"]?.stringValue, changes: out)
    }

    private static func action(_ actions: [String]) -> ChangeAction? {
        switch actions {
        case ["no-op"], ["read"]: return .noOp
        case ["create"]: return .create
        case ["update"]: return .update
        case ["delete"]: return .delete
        case ["delete", "create"]: return .deleteThenCreate
        case ["create", "delete"]: return .createThenDelete
        default: return nil
        }
    }
}
