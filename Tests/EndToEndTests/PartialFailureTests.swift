import XCTest

/// Partial failure: a pool that can't get capacity fails, what doesn't depend on it is
/// created and recorded, and apply exits 1 naming the failure.
final class PartialFailureTests: XCTestCase {
    func testIndependentResourcesAreCreatedWhenAPoolFails() throws {
        let gantry = try GantryBinary.locate()
        let scratch = try Scratch()
        // Every zone of the region drained: the node group's create fails with a capacity error.
        try scratch.write("spec/gantry.yaml", SpecFixtures.platform(
            sim: ["drained: [us-east-1a, us-east-1b, us-east-1c]"]))
        let spec = scratch.url.appendingPathComponent("spec")
        let apply = try gantry.run(["apply", "spec", "--auto-approve"], in: scratch.url)
        XCTAssertEqual(apply.exitCode, 1, apply.transcript)
        XCTAssertTrue(apply.errors.contains("error: node_pools.pool-0.sim_node_group.main: creating failed: capacity"),
                      apply.transcript)
        XCTAssertTrue(apply.output.contains("Apply failed for 1 resource(s)"), apply.transcript)
        let recorded = try gantry.stateAddresses(spec)
        XCTAssertTrue(recorded.contains("storage.artifacts.sim_bucket.main"), "\(recorded)")
        XCTAssertFalse(recorded.contains("node_pools.pool-0.sim_node_group.main"), "\(recorded)")
        XCTAssertEqual(try gantry.plannedActions(spec), ["node_pools.pool-0.sim_node_group.main": ["create"]])
    }
}
