import XCTest

/// Ctrl-C during apply: the first stops new work and records what finished; the second
/// quits at once with 130.
final class InterruptTests: XCTestCase {
    var gantry: GantryBinary!
    var scratch: Scratch!

    override func setUpWithError() throws {
        gantry = try GantryBinary.locate()
        scratch = try Scratch()
        try scratch.write("spec/gantry.yaml", SpecFixtures.platform(pools: 3, sim: ["latency_ms: 150"]))
    }

    private var spec: URL { scratch.url.appendingPathComponent("spec") }

    private func startApply() throws -> (Process, URL, URL) {
        let output = scratch.url.appendingPathComponent("apply.out")
        let errors = scratch.url.appendingPathComponent("apply.err")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        let process = try gantry.start(["apply", "spec", "--auto-approve"], in: scratch.url,
                                       stdout: try FileHandle(forWritingTo: output),
                                       stderr: try FileHandle(forWritingTo: errors))
        return (process, output, errors)
    }

    func testFirstInterruptStopsCleanlyAndRecordsWhatFinished() throws {
        let (process, output, errors) = try startApply()
        XCTAssertTrue(Poll.until { Poll.text(errors).contains(": created") }, Poll.text(errors))
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        let transcript = "--- stdout\n\(Poll.text(output))--- stderr\n\(Poll.text(errors))"
        XCTAssertEqual(process.terminationReason, .exit, "Ctrl-C must not kill the process\n\(transcript)")
        XCTAssertEqual(process.terminationStatus, 1, transcript)
        XCTAssertTrue(Poll.text(errors).contains("Interrupt received"), transcript)
        XCTAssertTrue(Poll.text(output).contains("Apply interrupted"), transcript)

        let recorded = try gantry.stateAddresses(spec)
        XCTAssertFalse(recorded.isEmpty)
        XCTAssertEqual(recorded.sorted(), try gantry.simAddresses(spec).sorted(),
                       "everything created before the interrupt is recorded")
        let resume = try gantry.run(["apply", "spec", "--auto-approve"], in: scratch.url)
        XCTAssertEqual(resume.exitCode, 0, resume.transcript)
        let inCloud = try gantry.simAddresses(spec)
        XCTAssertEqual(inCloud.count, Set(inCloud).count, "duplicates after resuming: \(inCloud)")
    }

    func testSecondInterruptExitsAtOnceWith130() throws {
        // Calls slow enough that the second Ctrl-C surely lands while one is still in flight.
        try scratch.write("spec/gantry.yaml", SpecFixtures.platform(pools: 3, sim: ["latency_ms: 1000"]))
        let (process, _, errors) = try startApply()
        XCTAssertTrue(Poll.until { Poll.text(errors).contains(": created") }, Poll.text(errors))
        kill(process.processIdentifier, SIGINT)
        XCTAssertTrue(Poll.until { Poll.text(errors).contains("Interrupt received") }, Poll.text(errors))
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 130, Poll.text(errors))
        XCTAssertTrue(Poll.text(errors).contains("Stopped."), Poll.text(errors))
    }
}
