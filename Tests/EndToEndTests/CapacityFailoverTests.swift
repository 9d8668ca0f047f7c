import Foundation
import XCTest

/// Capacity failover through the real binary: `gantry sim drain` empties spot in the first
/// zone, `plan` shows the ranked offers and where the pool will land, `apply` says where it
/// landed, and the state records it with the failed offer remembered.
final class CapacityFailoverTests: XCTestCase {
    static let spec = """
        gantry: 1
        project: e2e-fleet
        providers:
          sim:
            regions: [us-east-1]
            quotas: { default: 512, H200: { spot: 0, on-demand: 0 } }
        regions:
          us-east-1: { residency: us }
        networks:
          train:
            regions: [us-east-1]
            cidr: 10.0.0.0/16
            interconnect: { fabric: efa, placement: cluster }
        node_pools:
          h100-train:
            network: train
            gpu: { model: [H100, H200], count: 8, memory: 80GB+ }
            nodes: { min: 0, max: 4, desired: 2 }
            capacity: { markets: [spot, on-demand], zones: [us-east-1a, us-east-1b] }

        """

    func testSpotShortInTheFirstZoneLandsInTheNextAndStateSaysWhy() throws {
        let gantry = try GantryBinary.locate()
        let scratch = try Scratch()
        try scratch.write("spec/gantry.yaml", Self.spec)
        let spec = scratch.url.appendingPathComponent("spec")
        let drain = try gantry.run(["sim", "drain", "us-east-1a", "--market", "spot", "-C", spec.path], in: scratch.url)
        XCTAssertEqual(drain.exitCode, 0, drain.transcript)

        let plan = try gantry.run(["plan", "spec"], in: scratch.url)
        XCTAssertEqual(plan.exitCode, 0, plan.transcript)
        XCTAssertTrue(plan.output.contains("Capacity placement (offers in the order apply tries them):"), plan.transcript)
        XCTAssertTrue(plan.output.contains("expected to land in us-east-1b spot (p5.48xlarge)"), plan.transcript)
        // Ranked by price: the H100 type before the dearer H200 one; the H200 quota is zero.
        let lines = plan.output.split(separator: "\n").map(String.init)
        let first = try XCTUnwrap(lines.firstIndex { $0.contains("1.") && $0.contains("p5.48xlarge") })
        XCTAssertTrue(lines[first].contains("spot") && lines[first].contains("us-east-1a"), plan.transcript)
        XCTAssertTrue(lines.contains { $0.contains("p5en.48xlarge") && $0.contains("over quota: spot quota for H200") },
                      plan.transcript)
        XCTAssertTrue(plan.errors.contains("warning: node_pools.h100-train: spot quota for H200 GPUs exceeded"),
                      plan.transcript)

        let apply = try gantry.run(["apply", "spec", "--auto-approve"], in: scratch.url)
        XCTAssertEqual(apply.exitCode, 0, apply.transcript)
        XCTAssertTrue(apply.output.contains(
            "node_pools.h100-train landed in us-east-1b spot after spot was short in us-east-1a"), apply.transcript)

        let (placements, failed) = try gantry.capacityRecords(spec)
        let pool = try XCTUnwrap(placements["node_pools.h100-train.sim_node_group.main"])
        XCTAssertEqual(pool["zone"] as? String, "us-east-1b")
        XCTAssertEqual(pool["market"] as? String, "spot")
        XCTAssertEqual(failed.first?["zone"] as? String, "us-east-1a")
        XCTAssertNotNil(failed.first?["expires_at"] as? Double)

        // Applied again: nothing to do, the pool stays where it landed.
        XCTAssertEqual(try gantry.plannedActions(spec), [:])
    }

    func testQuotaExceededStopsTheApplyBeforeAnyCreate() throws {
        let gantry = try GantryBinary.locate()
        let scratch = try Scratch()
        try scratch.write("spec/gantry.yaml", Self.spec.replacingOccurrences(
            of: "quotas: { default: 512, H200: { spot: 0, on-demand: 0 } }", with: "quotas: { default: 8 }"))
        let spec = scratch.url.appendingPathComponent("spec")
        let plan = try gantry.run(["plan", "spec"], in: scratch.url)
        XCTAssertEqual(plan.exitCode, 0, plan.transcript)
        XCTAssertTrue(plan.errors.contains(
            "warning: node_pools.h100-train: spot quota for H100 GPUs exceeded: 16 requested, 0 of 8 in use"), plan.transcript)
        XCTAssertTrue(plan.errors.contains(
            "warning: node_pools.h100-train: on-demand quota for H100 GPUs exceeded: 16 requested, 0 of 8 in use"),
                      plan.transcript)

        let apply = try gantry.run(["apply", "spec", "--auto-approve"], in: scratch.url)
        XCTAssertEqual(apply.exitCode, 1, apply.transcript)
        XCTAssertTrue(apply.errors.contains("node_pools.h100-train cannot be placed: every offer exceeds an account quota"),
                      apply.transcript)
        XCTAssertTrue(apply.errors.contains("nothing was created"), apply.transcript)
        XCTAssertFalse(apply.transcript.contains("Creating..."), apply.transcript)
        XCTAssertEqual(try gantry.simAddresses(spec), [])
    }

    static let twoRegions = """
        gantry: 1
        project: e2e-regions
        providers:
          sim:
            regions: [us-east-1, us-west-2]
        networks:
          train:
            regions: [us-east-1, us-west-2]
            cidr: 10.0.0.0/16
            interconnect: { fabric: efa, placement: cluster }
        node_pools:
          h100-train:
            network: train
            gpu: { model: H100, count: 8 }
            nodes: { min: 0, max: 4, desired: 2 }
            capacity: { market: spot, fallback: on-demand, zones: any, regions: [us-east-1, us-west-2] }

        """

    func testAPoolWhoseFirstRegionIsShortLandsInTheNextAndStaysThere() throws {
        let gantry = try GantryBinary.locate()
        let scratch = try Scratch()
        try scratch.write("spec/gantry.yaml", Self.twoRegions)
        let spec = scratch.url.appendingPathComponent("spec")
        for zone in ["us-east-1a", "us-east-1b", "us-east-1c"] {
            let drain = try gantry.run(["sim", "drain", zone, "-C", spec.path], in: scratch.url)
            XCTAssertEqual(drain.exitCode, 0, drain.transcript)
        }
        let plan = try gantry.run(["plan", "spec"], in: scratch.url)
        XCTAssertEqual(plan.exitCode, 0, plan.transcript)
        XCTAssertTrue(plan.output.contains("regions in order: us-east-1 → us-west-2"), plan.transcript)
        XCTAssertTrue(plan.output.contains("expected to land in us-west-2a spot (p5.48xlarge)"), plan.transcript)

        let apply = try gantry.run(["apply", "spec", "--auto-approve"], in: scratch.url)
        XCTAssertEqual(apply.exitCode, 0, apply.transcript)
        XCTAssertTrue(apply.output.contains("node_pools.h100-train landed in us-west-2a spot after spot was short in "
                                            + "us-east-1a, us-east-1b, us-east-1c"), apply.transcript)
        let pool = try XCTUnwrap(try gantry.capacityRecords(spec).placements["node_pools.h100-train.sim_node_group.main"])
        XCTAssertEqual(pool["region"] as? String, "us-west-2")
        XCTAssertEqual(pool["zone"] as? String, "us-west-2a")

        // us-east-1 has capacity again: the pool stays where it landed, nothing to do.
        for zone in ["us-east-1a", "us-east-1b", "us-east-1c"] {
            let restore = try gantry.run(["sim", "drain", zone, "--restore", "-C", spec.path], in: scratch.url)
            XCTAssertEqual(restore.exitCode, 0, restore.transcript)
        }
        XCTAssertEqual(try gantry.plannedActions(spec), [:])
    }

    func testTwoPoolsOverASharedQuotaStopTheApplyBeforeAnyCreate() throws {
        let gantry = try GantryBinary.locate()
        let scratch = try Scratch()
        try scratch.write("spec/gantry.yaml", Self.spec.replacingOccurrences(
            of: "quotas: { default: 512, H200: { spot: 0, on-demand: 0 } }", with: "quotas: { default: 512, H100: { spot: 16, on-demand: 0 }, H200: { spot: 0, on-demand: 0 } }")
            + """
              h100-more:
                network: train
                gpu: { model: [H100, H200], count: 8, memory: 80GB+ }
                nodes: { min: 0, max: 4, desired: 2 }
                capacity: { markets: [spot, on-demand], zones: [us-east-1a, us-east-1b] }

            """)
        let spec = scratch.url.appendingPathComponent("spec")
        let plan = try gantry.run(["plan", "spec"], in: scratch.url)
        XCTAssertEqual(plan.exitCode, 0, plan.transcript)
        XCTAssertTrue(plan.errors.contains("warning: node_pools.h100-more: spot quota for H100 GPUs exceeded: 32 requested, "
                                           + "0 of 16 in use (together: node_pools.h100-train 16 GPUs + "
                                           + "node_pools.h100-more 16 GPUs)"), plan.transcript)

        let apply = try gantry.run(["apply", "spec", "--auto-approve"], in: scratch.url)
        XCTAssertEqual(apply.exitCode, 1, apply.transcript)
        XCTAssertTrue(apply.errors.contains("node_pools.h100-more cannot be placed: every offer exceeds an account quota"),
                      apply.transcript)
        XCTAssertFalse(apply.transcript.contains("Creating..."), apply.transcript)
        XCTAssertEqual(try gantry.simAddresses(spec), [])
    }
}
