import Foundation
import XCTest

/// `Examples/aws-on-moto` through the real `gantry` binary and the real
/// `gantry-provider-aws` plugin against a moto server: plan, apply, an empty second plan,
/// destroy — with the credentials only in the environment, never in what Gantry writes.
final class AWSOnMotoTests: XCTestCase {
    var gantry: GantryBinary!
    var scratch: Scratch!
    var moto: MotoProcess!

    /// A secret distinctive enough that finding it anywhere is a leak, not a coincidence.
    let secret = "e2e-SECRET-\(UUID().uuidString)"

    override func setUpWithError() throws {
        gantry = try GantryBinary.locate()
        scratch = try Scratch()
        moto = try MotoProcess()
    }

    override func tearDown() {
        moto?.stop()
    }

    func testExamplePlansAppliesConvergesAndDestroysWithoutLeakingTheSecret() throws {
        let dir = try scratch.copy(repositoryFolder: "Examples/aws-on-moto", as: "aws-on-moto")
        let env = moto.environment(secret: secret)
        var transcripts: [String] = []
        func run(_ arguments: [String]) throws -> GantryBinary.Result {
            let result = try gantry.run(arguments, in: scratch.url, environment: env)
            transcripts.append(result.output + result.errors)
            return result
        }

        let plan = try run(["plan", dir.path, "--detailed-exitcode", "--out", "plan.json"])
        XCTAssertEqual(plan.exitCode, 2, "a fresh account has everything to add\n\(plan.transcript)")
        XCTAssertTrue(plan.output.contains("to add, 0 to change, 0 to destroy."), plan.transcript)
        let planJSON = try run(["plan", dir.path, "--json"])
        XCTAssertEqual(planJSON.exitCode, 0, planJSON.transcript)
        XCTAssertTrue(planJSON.output.contains("\"resource_changes\""), planJSON.transcript)

        let apply = try run(["apply", dir.path, "--auto-approve"])
        XCTAssertEqual(apply.exitCode, 0, apply.transcript)
        XCTAssertTrue(apply.output.contains("Apply complete!"), apply.transcript)
        // boto3, not Gantry, says what is in the account.
        try checkWithBoto3("created", env)
        let recorded = try gantry.stateAddresses(dir)
        XCTAssertTrue(recorded.contains("node_pools.h100-train.aws_autoscaling_group.main"), "\(recorded)")

        let again = try run(["plan", dir.path, "--detailed-exitcode"])
        XCTAssertEqual(again.exitCode, 0, "the second plan must be empty\n\(again.transcript)")

        let destroy = try run(["destroy", dir.path, "--auto-approve"])
        XCTAssertEqual(destroy.exitCode, 0, destroy.transcript)
        XCTAssertEqual(try gantry.stateAddresses(dir), [])
        try checkWithBoto3("empty", env)

        // The secret reached the plugin (moto accepted the signed calls) but nothing Gantry
        // printed or wrote: not the output, the plan JSON, the saved plan, the state or its journal.
        for (i, text) in transcripts.enumerated() {
            XCTAssertFalse(text.contains(secret), "command \(i) printed the secret key")
        }
        let written = try filesUnder(scratch.url)
        XCTAssertTrue(written.contains { $0.hasSuffix(".gantry/state.json") }, "\(written)")
        XCTAssertTrue(written.contains { $0.hasSuffix("plan.json") }, "\(written)")
        for path in written {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            XCTAssertNil(bytes.range(of: Data(secret.utf8)), "\(path) holds the secret key")
        }
    }

    /// `Tests/AWSProviderTests/Fixtures/check_moto.py MODE`: boto3's view of the account.
    private func checkWithBoto3(_ mode: String, _ env: [String: String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Repository.root.appendingPathComponent("Tests/AWSProviderTests/Fixtures/check_moto.py").path,
                             mode]
        process.environment = ProcessInfo.processInfo.environment.merging(env) { _, new in new }
        let errors = scratch.url.appendingPathComponent("boto3-\(mode).err")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        let handle = try FileHandle(forWritingTo: errors)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        try handle.close()
        XCTAssertEqual(process.terminationStatus, 0, "boto3 check `\(mode)` failed:\n\(Poll.text(errors))")
        try FileManager.default.removeItem(at: errors)
    }

    private func filesUnder(_ url: URL) throws -> [String] {
        let walker = FileManager.default.enumerator(at: url, includingPropertiesForKeys: [.isRegularFileKey])
        var out: [String] = []
        while let file = walker?.nextObject() as? URL {
            if (try file.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true { out.append(file.path) }
        }
        return out
    }
}
