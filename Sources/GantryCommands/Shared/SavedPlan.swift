import Foundation
import GantryBasics
import GantryEngine

/// A plan file as `gantry plan --out` writes it: the engine's plan document plus where
/// its spec lives and with which variables, so `gantry apply FILE` can configure the
/// same providers and use the same state.
struct SavedPlan {
    /// The key under which the CLI keeps its part of the file.
    static let key = "gantry_cli"

    var plan: Plan
    /// The spec directory or file, absolute.
    var specPath: String
    var variables: [String]
    var variableFiles: [String]

    /// Writes the file with mode 0600: plans hold planned values, secrets included.
    func write(to path: String) throws {
        guard case .object(var document) = PlanFile.encode(plan) else {
            throw CommandError("internal error (a bug in Gantry): the plan did not encode as an object")
        }
        document[Self.key] = .object([
            "spec": .string(specPath),
            "variables": .array(variables.map(Value.string)),
            "var_files": .array(variableFiles.map(Value.string)),
        ])
        let bytes = try JSON.encodeBytes(.object(document), pretty: true, markers: true)
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes), attributes: [.posixPermissions: 0o600])
        else {
            throw CommandError("cannot write the plan to \(path)", hint: "check that its folder exists and is writable")
        }
    }

    /// Reads a plan file.
    ///
    /// - Throws: `CommandError` when it isn't a file `gantry plan --out` wrote; the
    ///   engine's error when the plan part is from another format version.
    static func read(from path: String) throws -> SavedPlan {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandError("cannot read the plan file \(path)")
        }
        let value: Value
        do {
            value = try JSON.parse([UInt8](data), markers: true)
        } catch {
            throw CommandError("\(path) is neither a spec directory nor a plan file: \(error)",
                               hint: "save plans with `gantry plan DIR --out FILE`")
        }
        let plan = try PlanFile.decode(value, path: path)
        guard let cli = value[key], let spec = cli["spec"]?.stringValue else {
            throw CommandError("plan file \(path) does not say which spec it was made from",
                               hint: "make it with `gantry plan DIR --out FILE`")
        }
        return SavedPlan(plan: plan, specPath: spec,
                         variables: cli["variables"]?.arrayValue?.compactMap(\.stringValue) ?? [],
                         variableFiles: cli["var_files"]?.arrayValue?.compactMap(\.stringValue) ?? [])
    }
}
