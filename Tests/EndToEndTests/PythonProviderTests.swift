import XCTest

/// Examples/python-provider: a plugin in another language, driven through plan, apply,
/// change and destroy by the real binary.
final class PythonProviderTests: XCTestCase {
    func testPlanApplyChangeDestroyThroughThePythonPlugin() throws {
        let gantry = try GantryBinary.locate()
        let scratch = try Scratch()
        let example = try scratch.copy(repositoryFolder: "Examples/python-provider", as: "example")
        let spec = example  // the project pins its plugin in .gantry/plugins/
        let env: [String: String] = [:]
        let motd = spec.appendingPathComponent(".gantry/managed/etc/motd")
        let checksum = spec.appendingPathComponent(".gantry/managed/etc/motd.sha256")

        let providers = try gantry.run(["providers", "-C", spec.path], in: scratch.url, environment: env)
        let filesLine = providers.output.split(separator: "\n").first { $0.hasPrefix("files ") } ?? ""
        XCTAssertTrue(filesLine.contains("0.1.0 (protocol 1)") && filesLine.contains(".gantry/plugins"),
                      providers.transcript)

        let plan = try gantry.run(["plan", spec.path, "--detailed-exitcode"], in: scratch.url, environment: env)
        XCTAssertEqual(plan.exitCode, 2, plan.transcript)
        XCTAssertTrue(plan.output.contains("2 to add"), plan.transcript)

        let apply = try gantry.run(["apply", spec.path, "--auto-approve"], in: scratch.url, environment: env)
        XCTAssertEqual(apply.exitCode, 0, apply.transcript)
        XCTAssertEqual(Poll.text(motd), "Welcome to the GPU cluster.\n")
        XCTAssertEqual(Poll.text(checksum).count, 64, "the checksum file holds motd's sha256")

        let again = try gantry.run(["plan", spec.path, "--detailed-exitcode"], in: scratch.url, environment: env)
        XCTAssertEqual(again.exitCode, 0, again.transcript)

        let yaml = spec.appendingPathComponent("gantry.yaml")
        try Poll.text(yaml).replacingOccurrences(of: "Welcome to the GPU cluster.", with: "Maintenance at noon.")
            .write(to: yaml, atomically: true, encoding: .utf8)
        let change = try gantry.run(["apply", spec.path, "--auto-approve"], in: scratch.url, environment: env)
        XCTAssertEqual(change.exitCode, 0, change.transcript)
        XCTAssertEqual(Poll.text(motd), "Maintenance at noon.\n")
        XCTAssertTrue(change.output.contains("2 changed"), change.transcript)

        let destroy = try gantry.run(["destroy", spec.path, "--auto-approve"], in: scratch.url, environment: env)
        XCTAssertEqual(destroy.exitCode, 0, destroy.transcript)
        XCTAssertFalse(FileManager.default.fileExists(atPath: motd.path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: checksum.path))
    }
}
