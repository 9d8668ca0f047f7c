import Foundation
import GantryBasics

extension PlanFile {
    /// Writes `plan` to `path` as pretty JSON, readable only by the owner (0600), replacing
    /// any file there atomically (a reader never sees half a plan).
    ///
    /// Blocking file I/O on a small file; the CLI calls it once per run.
    /// - Throws: `EngineError.planFile` with the reason.
    public static func write(_ plan: Plan, to path: String) throws(EngineError) {
        let text: String
        do {
            text = try JSON.encode(encode(plan), pretty: true, markers: true) + "\n"
        } catch {
            throw .planFile(path: path, reason: "cannot encode the plan: \(error)")
        }
        let temporary = path + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8),
                                             attributes: [.posixPermissions: 0o600]) else {
            throw .planFile(path: path, reason: "cannot create \(temporary) (check that the directory exists "
                            + "and is writable)")
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            throw .planFile(path: path, reason: "cannot move the new plan into place: \(reason)")
        }
    }

    /// Reads a plan saved by `write(_:to:)`.
    /// - Throws: `EngineError.planFile` when the file is missing, not JSON, not a Gantry
    ///   plan, or from another plan format version.
    public static func read(from path: String) throws(EngineError) -> Plan {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .planFile(path: path, reason: "cannot read the file (does it exist?)")
        }
        let value: Value
        do {
            value = try JSON.parse(Array(data), markers: true)
        } catch {
            throw .planFile(path: path, reason: "not a Gantry plan file (not valid JSON: \(error))")
        }
        return try decode(value, path: path)
    }
}

extension PlanJSONRenderer {
    /// The JSON plan as text (`gantry plan --json`), keys sorted so output is stable.
    public func renderText(_ plan: Plan, pretty: Bool = false) -> String {
        // `render` leaves out unknown values and writes no references, so encoding cannot fail;
        // markers keep it total anyway.
        (try? JSON.encode(render(plan), pretty: pretty, markers: true)) ?? "{}"
    }
}
