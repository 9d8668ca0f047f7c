import Foundation
import GantryBasics
import GantryEngine
import GantrySpec

/// Specs and plans the policy tests share.
enum Fixtures {
    /// This test target's folder.
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    /// The repository's root.
    static let repository = directory.deletingLastPathComponent().deletingLastPathComponent()

    /// The SARIF 2.1.0 schema from the OASIS sarif-spec repository (sarif-2.1/schema/sarif-schema-2.1.0.json).
    static var sarifSchema: URL { directory.appendingPathComponent("Fixtures/sarif-schema-2.1.0.json") }

    /// The text of Examples/policy/gantry.yaml.
    static func policyExample() throws -> String {
        try String(contentsOf: repository.appendingPathComponent("Examples/policy/gantry.yaml"), encoding: .utf8)
    }

    /// Loads `text` as the spec file `file`, failing the test on errors.
    static func load(_ text: String, file: String = "infra/gantry.yaml", variables: [String: String] = [:]) throws
        -> (spec: Spec, sources: [String: String]) {
        let result = SpecLoader(variables: variables, environment: [:]).load(files: [(file, Array(text.utf8))])
        guard let spec = result.spec else {
            throw FixtureError("spec did not load: \(result.diagnostics.map { "\($0.location.map(String.init(describing:)) ?? ""): \($0.message)" })")
        }
        return (spec, result.sources)
    }

    /// A node group resource change as the sim provider lowers pools.
    static func nodeGroup(_ item: String, region: String, type: String, before: Int?, after: Int?,
                          market: String = "on-demand") -> ResourceChange {
        func attributes(_ desired: Int) -> [String: Value] {
            ["region": .string(region), "instance_type": .string(type), "market": .string(market),
             "min_size": 0, "desired_size": .int(desired), "max_size": 32]
        }
        let action: ChangeAction = before == nil ? .create : after == nil ? .delete : before == after ? .noOp : .update
        return ResourceChange(address: ResourceAddress("\(item).sim_node_group.main"), type: "sim_node_group", name: "main",
                              provider: "sim", origin: ResourceAddress(item), action: action,
                              before: before.map(attributes), after: after.map(attributes))
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Runs `python3 -c script` with `arguments` and returns its exit status and output.
enum Python {
    static func run(_ script: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
