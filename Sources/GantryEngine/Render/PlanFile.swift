import GantryBasics
import GantryState

/// Saved plans (`gantry plan --out FILE`, `gantry apply FILE`).
///
/// A plan file is JSON with a `gantry_plan` format marker and version. Apply refuses a
/// file from another tool or another format version, and refuses a plan whose state
/// serial or lineage no longer matches the current state. Files hold the planned
/// values (secrets included, as apply needs them) and are written 0600.
public enum PlanFile {
    /// The plan file format this build writes and reads.
    public static let formatVersion = 1
    /// Written into plan files and JSON plans, for people reading them (the version the
    /// state files carry too).
    public static var engineVersion: String { StateDocument.gantryVersion }
    static let marker = "gantry_plan"

    /// The plan as the JSON value a plan file holds.
    public static func encode(_ plan: Plan) -> Value {
        .object([
            marker: .int(formatVersion),
            "gantry_version": .string(engineVersion),
            "state": .object(["serial": .int(plan.stateSerial),
                              "lineage": plan.stateLineage.map { .string($0) } ?? .null,
                              "fingerprint": plan.stateFingerprint.map { .string($0) } ?? .null]),
            "destroy": .bool(plan.isDestroy),
            "changes": .array(plan.changes.map(PlanCoding.encode)),
            "drift": .array(plan.drift.map(PlanCoding.encode)),
            "diagnostics": .array(plan.diagnostics.map(PlanJSONRenderer.diagnostic)),
            "resolved_pending_creates": .array(plan.resolvedPendingCreates.map { .string($0.rawValue) }),
            "capacity_placement": .array(plan.fleet.map(\.value)),
        ])
    }

    /// Reads a plan back from a plan file's JSON value.
    /// - Throws: `EngineError.planFile` naming what is wrong; `path` is only for the message.
    public static func decode(_ value: Value, path: String) throws(EngineError) -> Plan {
        guard case .object(let document) = value else {
            throw .planFile(path: path, reason: "not a Gantry plan file (expected a JSON object)")
        }
        guard let version = document[marker] else {
            throw .planFile(path: path, reason: "not a Gantry plan file (no '\(marker)' marker); "
                            + "save plans with `gantry plan --out FILE`")
        }
        guard version.intValue == formatVersion else {
            let made = document["gantry_version"]?.stringValue.map { " by Gantry \($0)" } ?? ""
            throw .planFile(path: path, reason: "plan file format \(ValueText.render(version)) (made\(made)) is not format "
                            + "\(formatVersion), which this Gantry \(engineVersion) reads; run `gantry plan` again")
        }
        var coding = PlanCoding(path: path)
        let state = document["state"]
        var plan = Plan(
            stateSerial: state?["serial"]?.intValue ?? 0, stateLineage: state?["lineage"]?.stringValue,
            isDestroy: document["destroy"]?.boolValue ?? false,
            changes: try (document["changes"]?.arrayValue ?? []).map { v throws(EngineError) in
                try coding.change(v) },
            drift: try (document["drift"]?.arrayValue ?? []).map { v throws(EngineError) in try coding.drift(v) },
            diagnostics: (document["diagnostics"]?.arrayValue ?? []).compactMap(PlanCoding.diagnostic),
            resolvedPendingCreates: (document["resolved_pending_creates"]?.arrayValue ?? [])
                .compactMap { $0.stringValue.map { ResourceAddress($0) } })
        plan.stateFingerprint = state?["fingerprint"]?.stringValue
        plan.fleet = (document["capacity_placement"]?.arrayValue ?? []).compactMap(PoolOffers.init)
        return plan
    }
}

/// Field-by-field conversion of plan parts to and from JSON values.
struct PlanCoding {
    let path: String

    static func encode(_ change: ResourceChange) -> Value {
        var out: [String: Value] = [
            "address": .string(change.address.rawValue), "type": .string(change.type), "name": .string(change.name),
            "provider": .string(change.provider), "action": .string(change.action.rawValue),
            "replace_reasons": .array(change.replaceReasons.map { .string($0) }),
            "dependencies": .array(change.dependencies.map { .string($0.rawValue) }),
            "sensitive": .array(change.sensitive.sorted().map { .string($0) }),
        ]
        if let origin = change.origin { out["origin"] = .string(origin.rawValue) }
        if let id = change.priorID { out["prior_id"] = .string(id) }
        if let before = change.before { out["before"] = plain(before) }
        if let after = change.after { out["after"] = plain(after) }
        if let config = change.config { out["config"] = plain(config) }
        if let id = change.adoptedID { out["adopted_id"] = .string(id) }
        if let location = change.location {
            out["location"] = ["file": .string(location.file), "line": .int(location.line),
                               "column": .int(location.column)]
        }
        return .object(out)
    }

    static func encode(_ drift: DriftEntry) -> Value {
        var out: [String: Value] = [
            "address": .string(drift.address.rawValue), "type": .string(drift.type),
            "provider": .string(drift.provider), "kind": .string(drift.kind.rawValue),
            "before": plain(drift.before), "sensitive": .array(drift.sensitive.sorted().map { .string($0) }),
        ]
        if let after = drift.after { out["after"] = plain(after) }
        return .object(out)
    }

    mutating func change(_ value: Value) throws(EngineError) -> ResourceChange {
        let address = try string(value, "address")
        guard let action = ChangeAction(rawValue: try string(value, "action")) else {
            throw .planFile(path: path, reason: "\(address) has an unknown action '\(value["action"] ?? .null)'")
        }
        var location: SourceLocation?
        if let l = value["location"], let file = l["file"]?.stringValue {
            location = SourceLocation(file: file, line: l["line"]?.intValue ?? 0, column: l["column"]?.intValue ?? 0)
        }
        let type = try string(value, "type"), name = try string(value, "name")
        let provider = try string(value, "provider")
        let origin: ResourceAddress? = value["origin"]?.stringValue.map { ResourceAddress($0) }
        let dependencies: [ResourceAddress] = strings(value["dependencies"]).map { ResourceAddress($0) }
        return ResourceChange(
            address: ResourceAddress(address), type: type, name: name, provider: provider, origin: origin,
            action: action, priorID: value["prior_id"]?.stringValue, before: Self.attributes(value["before"]),
            after: Self.attributes(value["after"]), config: Self.attributes(value["config"]),
            replaceReasons: strings(value["replace_reasons"]),
            dependencies: dependencies,
            sensitive: Set(strings(value["sensitive"])), adoptedID: value["adopted_id"]?.stringValue,
            location: location)
    }

    mutating func drift(_ value: Value) throws(EngineError) -> DriftEntry {
        let address = try string(value, "address")
        guard let kind = DriftEntry.Kind(rawValue: try string(value, "kind")) else {
            throw .planFile(path: path, reason: "\(address) has an unknown drift kind")
        }
        let type = try string(value, "type"), provider = try string(value, "provider")
        return DriftEntry(address: ResourceAddress(address), type: type, provider: provider, kind: kind,
                          before: Self.attributes(value["before"]) ?? [:], after: Self.attributes(value["after"]),
                          sensitive: Set(strings(value["sensitive"])))
    }

    static func diagnostic(_ value: Value) -> Diagnostic? {
        guard let message = value["summary"]?.stringValue else { return nil }
        let severity = value["severity"]?.stringValue.flatMap(Diagnostic.Severity.init(rawValue:)) ?? .error
        var location: SourceLocation?
        if let range = value["range"], let file = range["filename"]?.stringValue {
            location = SourceLocation(file: file, line: range["start"]?["line"]?.intValue ?? 0,
                                      column: range["start"]?["column"]?.intValue ?? 0)
        }
        return Diagnostic(severity, code: value["code"]?.stringValue ?? "plan", message: message, location: location,
                          path: value["path"]?.stringValue, hint: value["detail"]?.stringValue)
    }

    // Unknowns, references and templates are written as the JSON codec's marker objects
    // already in the value (`Value.markerObjects`), so the document encodes with or
    // without `markers:`, and reads back either way.

    /// Attributes as a JSON-safe object.
    static func plain(_ attributes: [String: Value]) -> Value { Value.object(attributes).markerObjects }

    /// Attributes read back, marker objects turned into unknowns, references and templates.
    static func attributes(_ value: Value?) -> [String: Value]? {
        guard case .object(let members)? = value else { return nil }
        return members.mapValues(\.resolvingMarkerObjects)
    }

    private func string(_ value: Value, _ key: String) throws(EngineError) -> String {
        guard let text = value[key]?.stringValue else {
            throw .planFile(path: path, reason: "a change is missing its '\(key)' (the file is damaged)")
        }
        return text
    }

    private func strings(_ value: Value?) -> [String] { value?.arrayValue?.compactMap(\.stringValue) ?? [] }
}
