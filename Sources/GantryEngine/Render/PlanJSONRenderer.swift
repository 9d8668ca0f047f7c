import GantryBasics

/// Renders a plan in the shape of Terraform's JSON plan (`terraform show -json`), so tools
/// that read those (policy checkers, cost estimators, PR bots) read Gantry's.
///
/// Differences from Terraform: secret values are never written — they appear as
/// `"(sensitive)"` with `before_sensitive`/`after_sensitive` marking them — and
/// `provider_name` is the Gantry provider name (`sim`, `aws`).
public struct PlanJSONRenderer: Sendable {
    /// The `format_version` written; Terraform's current JSON plan format.
    public static let formatVersion = "1.2"
    /// The `terraform_version` written. Plan readers such as Checkov refuse a plan without
    /// one; this names the Terraform release whose JSON plan format Gantry's matches.
    public static let terraformCompatibleVersion = "1.9.0"

    public init() {}

    /// The plan as a JSON value (encode it with `JSON.encode`).
    public func render(_ plan: Plan) -> Value {
        let planned: [Value] = plan.changes.compactMap { change in
            guard let after = change.after else { return nil }
            return .object([
                "address": .string(change.address.rawValue), "mode": "managed", "type": .string(change.type),
                "name": .string(change.name), "provider_name": .string(change.provider), "schema_version": 0,
                "values": Self.known(after, sensitive: change.sensitive),
                "sensitive_values": Self.sensitiveMask(after, sensitive: change.sensitive),
            ])
        }
        var document: [String: Value] = [
            "format_version": .string(Self.formatVersion),
            "terraform_version": .string(Self.terraformCompatibleVersion),
            "gantry_version": .string(PlanFile.engineVersion),
            "applyable": .bool(plan.hasChanges && !plan.diagnostics.hasErrors),
            "complete": true,
            "errored": .bool(plan.diagnostics.hasErrors),
            "planned_values": ["root_module": ["resources": .array(planned)]],
            "resource_changes": .array(plan.changes.map(resourceChange)),
            "resource_drift": .array(plan.drift.map(drift)),
            "prior_state_serial": .int(plan.stateSerial),
        ]
        if let lineage = plan.stateLineage { document["prior_state_lineage"] = .string(lineage) }
        if !plan.fleet.isEmpty { document["capacity_placement"] = .array(plan.fleet.map(\.value)) }
        if !plan.diagnostics.isEmpty {
            document["diagnostics"] = .array(plan.diagnostics.map(Self.diagnostic))
        }
        return .object(document)
    }

    private func resourceChange(_ change: ResourceChange) -> Value {
        var body: [String: Value] = [
            "actions": .array(change.action.terraformActions.map { .string($0) }),
            "before": change.before.map { Self.known($0, sensitive: change.sensitive) } ?? .null,
            "after": change.after.map { Self.known($0, sensitive: change.sensitive) } ?? .null,
            "after_unknown": change.after.map(Self.unknownMask) ?? .object([:]),
            "before_sensitive": change.before.map { Self.sensitiveMask($0, sensitive: change.sensitive) } ?? false,
            "after_sensitive": change.after.map { Self.sensitiveMask($0, sensitive: change.sensitive) } ?? false,
        ]
        if change.action.isReplace {
            body["replace_paths"] = .array(change.replaceReasons.map { .array([.string($0)]) })
        }
        var entry: [String: Value] = [
            "address": .string(change.address.rawValue), "mode": "managed", "type": .string(change.type),
            "name": .string(change.name), "provider_name": .string(change.provider), "change": .object(body),
        ]
        if let origin = change.origin { entry["gantry_origin"] = .string(origin.rawValue) }
        if let id = change.adoptedID { entry["gantry_adopted_id"] = .string(id) }
        if let rollout = RolloutPlan.make(for: change) { entry["gantry_rollout"] = rollout.jsonValue }
        if let instances = GPUInstances(change) { entry["gantry_gpu_instances"] = instances.jsonValue }
        switch change.action {
        case .deleteThenCreate, .createThenDelete: entry["action_reason"] = "replace_because_cannot_update"
        case .delete: entry["action_reason"] = "delete_because_no_resource_config"
        default: break
        }
        return .object(entry)
    }

    private func drift(_ entry: DriftEntry) -> Value {
        let actions: [Value] = entry.kind == .deleted ? ["delete"] : ["update"]
        return .object([
            "address": .string(entry.address.rawValue), "mode": "managed", "type": .string(entry.type),
            "name": .string(entry.address.resourceName), "provider_name": .string(entry.provider),
            "change": .object([
                "actions": .array(actions),
                "before": Self.known(entry.before, sensitive: entry.sensitive),
                "after": entry.after.map { Self.known($0, sensitive: entry.sensitive) } ?? .null,
                "before_sensitive": Self.sensitiveMask(entry.before, sensitive: entry.sensitive),
                "after_sensitive": entry.after.map { Self.sensitiveMask($0, sensitive: entry.sensitive) } ?? false,
            ]),
        ])
    }

    /// The known part of the attributes, secrets replaced by `(sensitive)`; unknown
    /// values are left out, as Terraform does (they are listed in `after_unknown`).
    static func known(_ attributes: [String: Value], sensitive: Set<String>) -> Value {
        var out: [String: Value] = [:]
        for (key, value) in attributes {
            if sensitive.contains(key) && !value.isNull && value != .unknown {
                out[key] = .string(Secrets.placeholder)
            } else if let kept = knownPart(value) {
                out[key] = kept
            }
        }
        return .object(out)
    }

    private static func knownPart(_ value: Value) -> Value? {
        switch value {
        case .unknown, .reference: return nil
        case .array(let items) where value.containsUnknown: return .array(items.map { knownPart($0) ?? .null })
        case .object(let members) where value.containsUnknown: return .object(members.compactMapValues(knownPart))
        default: return value
        }
    }

    /// `true` for each unknown attribute, nested objects/arrays mirroring partly unknown values.
    static func unknownMask(_ attributes: [String: Value]) -> Value {
        .object(attributes.compactMapValues { value -> Value? in value.containsUnknown ? mask(value) : Optional.none })
    }

    private static func mask(_ value: Value) -> Value {
        switch value {
        case .unknown, .reference: return true
        case .array(let items): return .array(items.map { $0.containsUnknown ? mask($0) : false })
        case .object(let members):
            return .object(members.compactMapValues { value -> Value? in
                value.containsUnknown ? mask(value) : Optional.none })
        default: return false
        }
    }

    static func sensitiveMask(_ attributes: [String: Value], sensitive: Set<String>) -> Value {
        var out: [String: Value] = [:]
        for key in sensitive where attributes[key] != nil { out[key] = true }
        return .object(out)
    }

    static func diagnostic(_ d: Diagnostic) -> Value {
        var out: [String: Value] = [
            "severity": .string(d.severity.rawValue), "code": .string(d.code), "summary": .string(d.message),
        ]
        if let location = d.location { out["range"] = ["filename": .string(location.file),
                                                        "start": ["line": .int(location.line),
                                                                  "column": .int(location.column)]] }
        if let path = d.path { out["path"] = .string(path) }
        if let hint = d.hint { out["detail"] = .string(hint) }
        return .object(out)
    }
}
