import XCTest

/// What must hold when things go wrong: a killed apply, two applies at once, a damaged
/// or newer state file, a throttling cloud.
final class FailureTests: XCTestCase {
    var gantry: GantryBinary!
    var scratch: Scratch!

    override func setUpWithError() throws {
        gantry = try GantryBinary.locate()
        scratch = try Scratch()
    }

    private var spec: URL { scratch.url.appendingPathComponent("spec") }

    /// Starts `gantry apply spec --auto-approve` in the background with its stdout and
    /// stderr in files.
    private func startApply() throws -> (process: Process, output: URL, errors: URL) {
        let output = scratch.url.appendingPathComponent("apply.out")
        let errors = scratch.url.appendingPathComponent("apply.err")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        let process = try gantry.start(["apply", "spec", "--auto-approve"], in: scratch.url,
                                       stdout: try FileHandle(forWritingTo: output),
                                       stderr: try FileHandle(forWritingTo: errors))
        return (process, output, errors)
    }

    func testKilledApplyLosesNothingAndDuplicatesNothing() throws {
        // Slow calls, so the kill lands between the first finished resources and the last.
        try scratch.write("spec/gantry.yaml", SpecFixtures.platform(pools: 3, sim: ["latency_ms: 300"]))
        let (process, _, errors) = try startApply()
        // Progress lines go to stderr. Wait until a subnet is created: the VPC it needs was
        // finished — and journaled — before the subnet started. (A resource's own record is
        // group-committed with its dependents' intents, so its "created" line alone doesn't
        // mean it is on disk yet; a create cut off before that is adopted by its tag later.)
        let started = Poll.until { Poll.text(errors).contains("sim_subnet.us-east-1a: created") }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        XCTAssertTrue(started, "no subnet finished before the kill\n\(Poll.text(errors))")
        XCTAssertEqual(process.terminationReason, .uncaughtSignal, "apply finished before the kill; make it slower")

        // What the journal recorded is in the state now, and every recorded resource exists.
        let recordedAfterKill = try gantry.stateAddresses(spec)
        XCTAssertTrue(recordedAfterKill.contains("networks.main.sim_vpc.main"),
                      "the journal lost a finished resource: \(recordedAfterKill)")
        XCTAssertTrue(Set(recordedAfterKill).isSubset(of: Set(try gantry.simAddresses(spec))))

        let resume = try gantry.run(["apply", "spec", "--auto-approve"], in: scratch.url)
        XCTAssertEqual(resume.exitCode, 0, resume.transcript)
        let inCloud = try gantry.simAddresses(spec)
        XCTAssertEqual(inCloud.count, Set(inCloud).count, "a resource was created twice: \(inCloud)")
        XCTAssertEqual(inCloud.sorted(), try gantry.stateAddresses(spec).sorted())
        XCTAssertEqual(try gantry.plannedActions(spec), [:])
    }

    func testSecondApplyExitsThreeNamingTheHolder() throws {
        try scratch.write("spec/gantry.yaml", SpecFixtures.platform(pools: 2, sim: ["latency_ms: 300"]))
        let (first, _, _) = try startApply()
        defer { if first.isRunning { kill(first.processIdentifier, SIGKILL) } }
        let ownerRecord = spec.appendingPathComponent(".gantry/state.lock.json")
        XCTAssertTrue(Poll.until { Poll.text(ownerRecord).contains("\(first.processIdentifier)") },
                      "the first apply never took the lock")

        let second = try gantry.run(["apply", "spec", "--auto-approve"], in: scratch.url)
        XCTAssertEqual(second.exitCode, 3, second.transcript)
        XCTAssertTrue(second.errors.contains("locked by"), second.transcript)
        XCTAssertTrue(second.errors.contains("pid \(first.processIdentifier)"), second.transcript)
        XCTAssertTrue(second.errors.contains("running apply"), second.transcript)

        first.waitUntilExit()
        XCTAssertEqual(first.terminationStatus, 0, "the lock holder must finish normally")
    }

    func testCorruptStateIsRefusedAndLeftUntouched() throws {
        try scratch.write("spec/gantry.yaml", SpecFixtures.platform())
        XCTAssertEqual(try gantry.run(["apply", "spec", "--auto-approve"], in: scratch.url).exitCode, 0)
        let stateFile = spec.appendingPathComponent(".gantry/state.json")
        let damaged = Data(#"{"version": 1, "serial": 3, "resources": [ {"address": "#.utf8)
        try damaged.write(to: stateFile)

        for command in [["plan", "spec"], ["apply", "spec", "--auto-approve"], ["state", "list", "-C", "spec"]] {
            let result = try gantry.run(command, in: scratch.url)
            XCTAssertEqual(result.exitCode, 1, "\(command)\n\(result.transcript)")
            XCTAssertTrue(result.errors.contains("corrupt"), "\(command)\n\(result.transcript)")
            XCTAssertEqual(try Data(contentsOf: stateFile), damaged, "\(command) changed the damaged file")
        }
    }

    func testStateFromANewerGantryIsRefusedAndLeftUntouched() throws {
        try scratch.write("spec/gantry.yaml", SpecFixtures.platform())
        XCTAssertEqual(try gantry.run(["apply", "spec", "--auto-approve"], in: scratch.url).exitCode, 0)
        let stateFile = spec.appendingPathComponent(".gantry/state.json")
        var document = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: stateFile)) as? [String: Any])
        document["version"] = 99
        let future = try JSONSerialization.data(withJSONObject: document)
        try future.write(to: stateFile)

        let result = try gantry.run(["apply", "spec", "--auto-approve"], in: scratch.url)
        XCTAssertEqual(result.exitCode, 1, result.transcript)
        XCTAssertTrue(result.errors.contains("99"), result.transcript)
        XCTAssertEqual(try Data(contentsOf: stateFile), future)
    }

    func testApplyConvergesUnderThrottling() throws {
        try scratch.write("spec/gantry.yaml", SpecFixtures.platform(pools: 3, sim: ["throttle_rate: 0.4"]))
        let apply = try gantry.run(["apply", "spec", "--auto-approve"], in: scratch.url)
        XCTAssertEqual(apply.exitCode, 0, apply.transcript)
        XCTAssertTrue(apply.errors.contains("throttling"), "the sim never throttled\n\(apply.transcript)")
        XCTAssertTrue(apply.errors.contains("note: sim throttled"), "no back-off report\n\(apply.transcript)")
        let inCloud = try gantry.simAddresses(spec)
        XCTAssertEqual(inCloud.sorted(), try gantry.stateAddresses(spec).sorted())
        XCTAssertEqual(try gantry.plannedActions(spec), [:])
    }
}
