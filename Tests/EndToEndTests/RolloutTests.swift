import XCTest

/// Node-pool updates through the real binary on the sim: blue-green and canary rollouts
/// whose new nodes fail (`gantry sim fail-nodes`), MIG validation, and scaling in place.
final class RolloutTests: XCTestCase {
    let pool = "node_pools.serve.sim_node_group.main"

    /// A one-pool spec; `gpu` and `update` are spliced in as YAML flow mappings.
    static func spec(gpu: String = "{ model: H100, count: 8 }", mig: String = "{ profile: 1g.10gb }",
                     nodes: String = "{ min: 1, max: 8, desired: 2 }",
                     update: String = "{ strategy: blue-green, health_timeout: 30s }",
                     sim: String = "{ regions: [us-east-1] }") -> String {
        """
        gantry: 1
        project: rollouts
        providers:
          sim: \(sim)
        networks:
          main: { regions: [us-east-1], cidr: 10.0.0.0/16 }
        node_pools:
          serve:
            network: main
            gpu: \(gpu)
            mig: \(mig)
            nodes: \(nodes)
            update: \(update)
        """
    }

    private func applied(_ spec: String) throws -> (GantryBinary, Scratch, URL, String) {
        let gantry = try GantryBinary.locate()
        let scratch = try Scratch()
        try scratch.write("spec/gantry.yaml", spec)
        let dir = scratch.url.appendingPathComponent("spec")
        let apply = try gantry.run(["apply", "spec", "--auto-approve"], in: scratch.url)
        XCTAssertEqual(apply.exitCode, 0, apply.transcript)
        return (gantry, scratch, dir, try groupIDs(gantry, dir).first ?? "")
    }

    private func groupIDs(_ gantry: GantryBinary, _ dir: URL) throws -> [String] {
        let list = try gantry.run(["sim", "list", "--type", "sim_node_group", "-C", dir.path], in: dir)
        return list.output.split(separator: "\n").dropFirst().filter { $0.hasPrefix("sim-") }
            .compactMap { $0.split(separator: " ").first.map(String.init) }
    }

    private func recordedID(_ gantry: GantryBinary, _ dir: URL) throws -> String? {
        let show = try gantry.run(["state", "show", pool, "-C", dir.path], in: dir)
        return show.output.split(separator: "\n").first { $0.hasPrefix("id:") }
            .map { $0.dropFirst(3).trimmingCharacters(in: .whitespaces) }
    }

    func testBlueGreenWhoseNewPoolNeverGetsReadyLeavesTheOldPoolAndTheStateAlone() throws {
        let (gantry, scratch, dir, oldID) = try applied(Self.spec())
        try scratch.write("spec/gantry.yaml", Self.spec(gpu: "{ model: H200, count: 8 }", mig: "{ profile: 1g.18gb }"))
        let plan = try gantry.run(["plan", "spec"], in: scratch.url)
        XCTAssertTrue(plan.output.contains("# rollout: blue-green, health timeout 30s"), plan.transcript)
        XCTAssertTrue(plan.output.contains("#   1. all 2 nodes: create the new group with 2 nodes, wait until 2 are ready"),
                      plan.transcript)

        XCTAssertEqual(try gantry.run(["sim", "fail-nodes", "-C", dir.path], in: dir).exitCode, 0)
        let apply = try gantry.run(["apply", "spec", "--auto-approve"], in: scratch.url)
        XCTAssertEqual(apply.exitCode, 1, apply.transcript)
        XCTAssertTrue(apply.errors.contains("blue-green rollout rolled back at step 1 of 1 (all 2 nodes): "
                                            + "2 of 2 new nodes failed"), apply.transcript)
        XCTAssertTrue(apply.errors.contains("the old node group \(oldID) is untouched"), apply.transcript)
        XCTAssertEqual(try groupIDs(gantry, dir), [oldID])
        XCTAssertEqual(try recordedID(gantry, dir), oldID)
        XCTAssertEqual(try gantry.plannedActions(dir)[pool], ["create", "delete"])

        // Once nodes boot again, the same plan goes through.
        XCTAssertEqual(try gantry.run(["sim", "fail-nodes", "--heal", "-C", dir.path], in: dir).exitCode, 0)
        let retry = try gantry.run(["apply", "spec", "--auto-approve"], in: scratch.url)
        XCTAssertEqual(retry.exitCode, 0, retry.transcript)
        let newIDs = try groupIDs(gantry, dir)
        XCTAssertEqual(newIDs.count, 1)
        XCTAssertNotEqual(newIDs.first, oldID)
        XCTAssertEqual(try recordedID(gantry, dir), newIDs.first)
    }

    func testAGateThatTimesOutWhileNodesBootRollsBack() throws {
        let (gantry, scratch, dir, oldID) = try applied(Self.spec())
        // Nodes now take an hour to boot; the gate gives them one second.
        try scratch.write("spec/gantry.yaml", Self.spec(gpu: "{ model: H200, count: 8 }", mig: "{ profile: 1g.18gb }",
                                                        update: "{ strategy: blue-green, health_timeout: 1s }",
                                                        sim: "{ regions: [us-east-1], boot_seconds: 3600 }"))
        let apply = try gantry.run(["apply", "spec", "--auto-approve"], in: scratch.url)
        XCTAssertEqual(apply.exitCode, 1, apply.transcript)
        XCTAssertTrue(apply.errors.contains("the new nodes were not ready within the health timeout of 1s "
                                            + "(0 of 2 nodes ready, status SCALING)"), apply.transcript)
        XCTAssertEqual(try groupIDs(gantry, dir), [oldID])
        XCTAssertEqual(try recordedID(gantry, dir), oldID)
    }

    func testCanaryHaltsAtTheFailingStep() throws {
        let canary = "{ strategy: canary, steps: [25%, 50%, 100%], health_timeout: 30s }"
        let (gantry, scratch, dir, oldID) = try applied(Self.spec(nodes: "{ min: 1, max: 8, desired: 4 }", update: canary))
        try scratch.write("spec/gantry.yaml", Self.spec(gpu: "{ model: H200, count: 8 }", mig: "{ profile: 1g.18gb }",
                                                        nodes: "{ min: 1, max: 8, desired: 4 }", update: canary))
        XCTAssertEqual(try gantry.run(["sim", "fail-nodes", "--healthy-nodes", "1", "-C", dir.path], in: dir).exitCode, 0)
        let apply = try gantry.run(["apply", "spec", "--auto-approve"], in: scratch.url)
        XCTAssertEqual(apply.exitCode, 1, apply.transcript)
        XCTAssertTrue(apply.errors.contains("canary rollout halted at step 2 of 3 (50% (2 nodes)): 1 of 2 new nodes failed"),
                      apply.transcript)
        XCTAssertEqual(try groupIDs(gantry, dir), [oldID])
        XCTAssertEqual(try recordedID(gantry, dir), oldID)
    }

    func testMIGLayoutThatDoesNotFitNamesTheSlices() throws {
        let gantry = try GantryBinary.locate()
        let scratch = try Scratch()
        try scratch.write("spec/gantry.yaml", Self.spec(mig: "{ 3g.40gb: 2, 2g.20gb: 1 }"))
        let validate = try gantry.run(["validate", "spec"], in: scratch.url)
        XCTAssertEqual(validate.exitCode, 1, validate.transcript)
        XCTAssertTrue(validate.errors.contains(
            "MIG layout needs 8 compute slices (3g.40gb ×2 = 6, 2g.20gb ×1 = 2), one H100 has 7"), validate.transcript)
    }

    func testScalingIsAnInPlaceUpdateDownToZero() throws {
        let (gantry, scratch, dir, id) = try applied(Self.spec(mig: "{ 3g.40gb: 1, 2g.20gb: 1, 1g.10gb: 2 }"))
        try scratch.write("spec/gantry.yaml", Self.spec(mig: "{ 3g.40gb: 1, 2g.20gb: 1, 1g.10gb: 2 }",
                                                        nodes: "{ min: 0, max: 8, desired: 3 }"))
        XCTAssertEqual(try gantry.plannedActions(dir)[pool], ["update"])
        let plan = try gantry.run(["plan", "spec"], in: scratch.url)
        XCTAssertTrue(plan.output.contains("# GPU instances: 16 × 1g.10gb + 8 × 2g.20gb + 8 × 3g.40gb per node, "
                                           + "48 × 1g.10gb + 24 × 2g.20gb + 24 × 3g.40gb in pool (3 nodes)"), plan.transcript)
        XCTAssertEqual(try gantry.run(["apply", "spec", "--auto-approve"], in: scratch.url).exitCode, 0)

        try scratch.write("spec/gantry.yaml", Self.spec(mig: "{ 3g.40gb: 1, 2g.20gb: 1, 1g.10gb: 2 }",
                                                        nodes: "{ min: 0, max: 8, desired: 0 }"))
        XCTAssertEqual(try gantry.plannedActions(dir)[pool], ["update"])
        let down = try gantry.run(["apply", "spec", "--auto-approve"], in: scratch.url)
        XCTAssertEqual(down.exitCode, 0, down.transcript)
        XCTAssertEqual(try groupIDs(gantry, dir), [id])
        XCTAssertEqual(try gantry.plannedActions(dir), [:])
    }
}
