import XCTest

/// The quick start and the everyday cycle on the simulator: apply, plan again, change,
/// drift, destroy.
final class LifecycleTests: XCTestCase {
    var gantry: GantryBinary!
    var scratch: Scratch!

    override func setUpWithError() throws {
        gantry = try GantryBinary.locate()
        scratch = try Scratch()
    }

    /// What the README promises: validate → plan → apply → plan with nothing left to do.
    func testQuickStartConvergesAndDestroysToAnEmptyCloud() throws {
        let dir = try scratch.copy(repositoryFolder: "Examples/quickstart", as: "quickstart")
        let validate = try gantry.run(["validate", dir.path], in: scratch.url)
        XCTAssertEqual(validate.exitCode, 0, validate.transcript)

        let plan = try gantry.run(["plan", dir.path, "--detailed-exitcode"], in: scratch.url)
        XCTAssertEqual(plan.exitCode, 2, "a fresh spec has changes\n\(plan.transcript)")
        XCTAssertTrue(plan.output.contains("to add, 0 to change, 0 to destroy."), plan.transcript)

        let apply = try gantry.run(["apply", dir.path, "--auto-approve"], in: scratch.url)
        XCTAssertEqual(apply.exitCode, 0, apply.transcript)
        XCTAssertTrue(apply.output.contains("Apply complete!"), apply.transcript)
        let recorded = try gantry.stateAddresses(dir)
        XCTAssertFalse(recorded.isEmpty)
        XCTAssertEqual(try gantry.simAddresses(dir).sorted(), recorded.sorted())

        let again = try gantry.run(["plan", dir.path, "--detailed-exitcode"], in: scratch.url)
        XCTAssertEqual(again.exitCode, 0, "the second plan must be empty\n\(again.transcript)")

        let destroy = try gantry.run(["destroy", dir.path, "--auto-approve"], in: scratch.url)
        XCTAssertEqual(destroy.exitCode, 0, destroy.transcript)
        XCTAssertEqual(try gantry.simAddresses(dir), [], "destroy leaves the simulated cloud empty")
        XCTAssertEqual(try gantry.stateAddresses(dir), [])
    }

    func testSpecChangeYieldsExactlyTheExpectedUpdate() throws {
        try scratch.write("spec/gantry.yaml", SpecFixtures.platform(desired: 1))
        let dir = scratch.url.appendingPathComponent("spec")
        let apply = try gantry.run(["apply", "spec", "--auto-approve"], in: scratch.url)
        XCTAssertEqual(apply.exitCode, 0, apply.transcript)
        XCTAssertEqual(try gantry.plannedActions(dir), [:], "nothing to do right after apply")

        try scratch.write("spec/gantry.yaml", SpecFixtures.platform(desired: 3))
        XCTAssertEqual(try gantry.plannedActions(dir), ["node_pools.pool-0.sim_node_group.main": ["update"]])

        try scratch.write("spec/gantry.yaml", SpecFixtures.platform(pools: 2, desired: 3))
        XCTAssertEqual(try gantry.plannedActions(dir), [
            "node_pools.pool-0.sim_node_group.main": ["update"],
            "node_pools.pool-1.sim_launch_template.main": ["create"],
            "node_pools.pool-1.sim_node_group.main": ["create"],
        ])
    }

    func testDriftMadeInTheCloudIsShownAndReverted() throws {
        try scratch.write("spec/gantry.yaml", SpecFixtures.platform())
        let dir = scratch.url.appendingPathComponent("spec")
        XCTAssertEqual(try gantry.run(["apply", "spec", "--auto-approve"], in: scratch.url).exitCode, 0)

        let set = try gantry.run(["sim", "set", "node_pools.pool-0.sim_node_group.main", "desired_size", "3",
                                  "-C", "spec"], in: scratch.url)
        XCTAssertEqual(set.exitCode, 0, set.transcript)
        let plan = try gantry.run(["plan", "spec"], in: scratch.url)
        XCTAssertTrue(plan.output.contains("has changed outside Gantry"), plan.transcript)
        XCTAssertEqual(try gantry.plannedActions(dir), ["node_pools.pool-0.sim_node_group.main": ["update"]])

        let refresh = try gantry.run(["refresh", "spec"], in: scratch.url)
        XCTAssertEqual(refresh.exitCode, 0, refresh.transcript)
        XCTAssertTrue(refresh.output.contains("1 changed outside Gantry"), refresh.transcript)

        XCTAssertEqual(try gantry.run(["apply", "spec", "--auto-approve"], in: scratch.url).exitCode, 0)
        XCTAssertEqual(try gantry.plannedActions(dir), [:])
    }

    func testSavedPlanAppliesOnceAndIsRefusedAfterTheStateMoved() throws {
        try scratch.write("spec/gantry.yaml", SpecFixtures.platform())
        let plan = try gantry.run(["plan", "spec", "--out", "plan.json"], in: scratch.url)
        XCTAssertEqual(plan.exitCode, 0, plan.transcript)
        let apply = try gantry.run(["apply", "plan.json"], in: scratch.url)
        XCTAssertEqual(apply.exitCode, 0, "a saved plan needs no confirmation\n\(apply.transcript)")
        let stale = try gantry.run(["apply", "plan.json"], in: scratch.url)
        XCTAssertEqual(stale.exitCode, 1, stale.transcript)
        XCTAssertTrue(stale.errors.contains("run `gantry plan` again"), stale.transcript)
    }

    func testApplyWithoutATerminalNeedsAutoApprove() throws {
        try scratch.write("spec/gantry.yaml", SpecFixtures.platform())
        let result = try gantry.run(["apply", "spec"], in: scratch.url)
        XCTAssertEqual(result.exitCode, 1, result.transcript)
        XCTAssertTrue(result.errors.contains("--auto-approve"), result.transcript)
        XCTAssertEqual(try gantry.simAddresses(scratch.url.appendingPathComponent("spec")), [])
    }
}
