import Foundation
import GantryBasics
import GantryEngine
import GantryProviderKit
import GantrySpec
import GantryState
import XCTest
@testable import AWSProvider

/// Capacity failover of an Auto Scaling group pool through the engine, against moto behind
/// the fault proxy: a `launch_fail` rule makes groups placed in one zone and market launch
/// nothing and report AWS's failed launch activity, as real AWS does after
/// CreateAutoScalingGroup succeeded.
extension AWSMotoTests {
    /// `Fixtures/failover-pool.yaml` with the pool's `capacity:` set to `capacity`.
    static func failoverSpec(capacity: String = defaultCapacity) throws -> String {
        try String(contentsOfFile: PythonRunner.fixtures + "/failover-pool.yaml", encoding: .utf8)
            .replacingOccurrences(of: "capacity: " + defaultCapacity, with: "capacity: " + capacity)
    }

    /// What the fixture's pool says: us-east-1a or us-east-1b, spot first, then on-demand.
    static let defaultCapacity = "{ markets: [spot, on-demand], zones: [us-east-1a, us-east-1b] }"

    static let group = "node_pools.h100.aws_autoscaling_group.main"
    /// The spec's `providers.aws`: one check of each launch, no waiting.
    static let steeredConfig: [String: Value] = ["regions": ["us-east-1"], "max_zones": 2, "launch_wait_seconds": 0]

    /// The fixture's intents; with `eks`, the pool is a node group of EKS cluster `gpu`.
    func failoverIntents(capacity: String = defaultCapacity, eks: Bool = false) throws -> [IntentItem] {
        let dir = NSTemporaryDirectory() + "gantry-failover-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var text = try Self.failoverSpec(capacity: capacity)
        if eks { text = text.replacingOccurrences(of: "launch_wait_seconds: 0 }", with: Self.eksCluster) }
        try text.write(toFile: dir + "/gantry.yaml", atomically: true, encoding: .utf8)
        let result = SpecLoader(environment: [:]).load(path: dir)
        guard let spec = result.spec, !result.diagnostics.contains(where: { $0.severity == .error }) else {
            throw MotoServer.Unavailable(description: "failover spec does not load: \(result.diagnostics)")
        }
        return spec.intents()
    }

    /// The Auto Scaling groups moto holds, by name.
    func motoGroups(_ aws: AWSProvider) async throws -> [ResourceSnapshot] {
        try await aws.list(ListRequest(type: "aws_autoscaling_group", region: "us-east-1"))
    }

    func testPlanRanksTheOffersOfAnAutoScalingGroupPool() async throws {
        let aws = try await provider(["regions": ["us-east-1"], "max_zones": 2])
        let plan = try await Engine(providers: ["aws": aws], store: InMemoryStateStore()).plan(try failoverIntents())
        let pool = try XCTUnwrap(plan.fleet.first, "the group is the pool's placement resource")
        XCTAssertEqual(pool.resource.rawValue, Self.group)
        XCTAssertEqual(pool.offers.map(\.description), [
            "p5.48xlarge spot in us-east-1a", "p5.48xlarge spot in us-east-1b",
            "p5.48xlarge on-demand in us-east-1a", "p5.48xlarge on-demand in us-east-1b",
        ])
        // The plan shows the first offer as the Terraform-named fields it becomes.
        let after = try XCTUnwrap(plan.changes.first { $0.address.rawValue == Self.group }?.after)
        XCTAssertEqual(after["market"], "spot")
        XCTAssertEqual(after["zones"], ["us-east-1a"])
        XCTAssertEqual(after["mixed_instances_policy"]?["instances_distribution"]?["on_demand_percentage_above_base_capacity"], 0)
        XCTAssertEqual(after["mixed_instances_policy"]?["launch_template"]?["override"], [["instance_type": "p5.48xlarge"]])
        XCTAssertNil(after["launch_template"], "the launch template moves into the mixed instances policy")
        let json = try JSON.encode(PlanJSONRenderer().render(plan))
        XCTAssertTrue(json.contains("\"capacity_placement\""), "the JSON plan lists the failover order")
    }

    func testSpotShortInTheFirstZoneLandsInTheNextAndNothingDriftsAfterwards() async throws {
        try await withProxy(config: Self.steeredConfig) { proxy, aws in
            try await proxy.rules(["launch_fail": [["zone": "us-east-1a", "market": "spot"]]])
            let store = InMemoryStateStore()
            let engine = Engine(providers: ["aws": aws], store: store)
            let report = try await engine.apply(try await engine.plan(try failoverIntents()))
            XCTAssertEqual(report.failed.map(\.address), [], "\(report.failed)")
            let landing = try XCTUnwrap(report.placements.first)
            XCTAssertEqual(landing.sentence, "node_pools.h100 landed in us-east-1b spot after spot was short in us-east-1a")

            // moto holds one group, in us-east-1b's subnet only, buying spot, with its two nodes.
            let groups = try await motoGroups(aws)
            XCTAssertEqual(groups.count, 1, "the short group was deleted: \(groups.map(\.id))")
            let group = try XCTUnwrap(groups.first)
            XCTAssertEqual(group.attributes["zones"], ["us-east-1b"])
            XCTAssertEqual(group.attributes["market"], "spot")
            XCTAssertEqual(group.attributes["ready_nodes"], 2)
            XCTAssertEqual(group.attributes["vpc_zone_identifier"]?.arrayValue?.count, 1)
            let distribution = group.attributes["mixed_instances_policy"]?["instances_distribution"]
            XCTAssertEqual(distribution?["on_demand_percentage_above_base_capacity"], 0)
            let creates = try await proxy.log().filter { $0["action"] == "CreateAutoScalingGroup" }
            XCTAssertEqual(creates.count, 2, "spot in us-east-1a, then spot in us-east-1b")

            // State: where it landed and why; the failed offer is remembered.
            let loaded = try await store.load()
            let state = try XCTUnwrap(loaded)
            let placement = state.metadata[Engine.placementsMetadataKey]?[Self.group]
            XCTAssertEqual(placement?["zone"], "us-east-1b")
            XCTAssertEqual(placement?["market"], "spot")
            let failed = state.metadata[FailedOfferMemory.metadataKey]?.arrayValue ?? []
            XCTAssertEqual(failed.first?["zone"], "us-east-1a")
            XCTAssertEqual(failed.first?["market"], "spot")
            XCTAssertTrue(failed.first?["reason"]?.stringValue?.contains("InsufficientInstanceCapacity") == true,
                          "\(failed)")

            // The next plan keeps the pool where it landed: nothing to change.
            let again = try await engine.plan(try failoverIntents())
            XCTAssertFalse(again.hasChanges, describe(again))
        }
    }

    func testEveryOfferShortFailsWithEachAttemptAndLeavesNoGroup() async throws {
        try await withProxy(config: Self.steeredConfig) { proxy, aws in
            try await proxy.rules(["launch_fail": [["zone": "us-east-1a"], ["zone": "us-east-1b"]]])
            let engine = Engine(providers: ["aws": aws], store: InMemoryStateStore())
            let report = try await engine.apply(try await engine.plan(try failoverIntents()))
            let failure = try XCTUnwrap(report.failed.first { $0.address.rawValue == Self.group })
            guard case .failed(let error) = failure.result else { return XCTFail("\(failure)") }
            XCTAssertEqual(error.code, .capacity)
            XCTAssertTrue(error.message.contains("no capacity for node_pools.h100 in any of its 4 offer(s) tried"),
                          error.message)
            for offer in ["spot in us-east-1a", "spot in us-east-1b", "on-demand in us-east-1a", "on-demand in us-east-1b"] {
                XCTAssertTrue(error.message.contains("p5.48xlarge \(offer): "), "\(offer) missing from: \(error.message)")
            }
            XCTAssertTrue(error.message.contains("do not have sufficient p5.48xlarge capacity"), error.message)
            let left = try await motoGroups(aws)
            XCTAssertEqual(left.map(\.id), [], "no group, so no partial pool, is left behind")
        }
    }

    /// A launch that fails for another reason is no shortage: no failover, AWS's message kept.
    func testALaunchFailingForAMissingImageIsNotACapacityError() async throws {
        try await withProxy(config: Self.steeredConfig) { proxy, aws in
            let missing = "The image id '[ami-0bad]' does not exist. Launching EC2 instance failed."
            try await proxy.rules(["launch_fail": [["zone": "us-east-1a", "message": .string(missing)]]])
            let engine = Engine(providers: ["aws": aws], store: InMemoryStateStore())
            let report = try await engine.apply(try await engine.plan(try failoverIntents()))
            let failure = try XCTUnwrap(report.failed.first { $0.address.rawValue == Self.group })
            guard case .failed(let error) = failure.result else { return XCTFail("\(failure)") }
            XCTAssertEqual(error.code, .invalid)
            XCTAssertEqual(error.providerCode, "LaunchFailed")
            XCTAssertTrue(error.message.contains(missing), error.message)
            XCTAssertEqual(report.placements.first?.attempts.count ?? 0, 0, "no offer was tried after it")
            let creates = try await proxy.log().filter { $0["action"] == "CreateAutoScalingGroup" }
            XCTAssertEqual(creates.count, 1)
            let left = try await motoGroups(aws)
            XCTAssertEqual(left.map(\.id), [])
        }
    }

    /// A group still launching when `launch_wait_seconds` ends is kept (AWS keeps trying) —
    /// unless its pool is all-or-nothing, which must not be left short: then it is released
    /// and the pool fails over.
    func testAGroupStillLaunchingIsKeptUnlessThePoolIsAllOrNothing() async throws {
        try await withProxy(config: Self.steeredConfig) { proxy, aws in
            try await proxy.rules(["launch_fail": [["zone": "us-east-1a", "market": "spot", "stall": true]]])
            let kept = Engine(providers: ["aws": aws], store: InMemoryStateStore())
            let report = try await kept.apply(try await kept.plan(try failoverIntents()))
            XCTAssertEqual(report.failed.map(\.address), [], "\(report.failed)")
            XCTAssertEqual(report.placements.first?.sentence, "node_pools.h100 landed in us-east-1a spot")
            let destroyed = try await kept.apply(try await kept.planDestroy())
            XCTAssertEqual(destroyed.failed.map(\.address), [], "\(destroyed.failed)")

            let strict = Engine(providers: ["aws": aws], store: InMemoryStateStore())
            let allOrNothing = try failoverIntents(
                capacity: "{ markets: [spot, on-demand], zones: [us-east-1a, us-east-1b], all_or_nothing: true }")
            let released = try await strict.apply(try await strict.plan(allOrNothing))
            XCTAssertEqual(released.failed.map(\.address), [], "\(released.failed)")
            let landing = try XCTUnwrap(released.placements.first)
            XCTAssertEqual(landing.sentence, "node_pools.h100 landed in us-east-1b spot after spot was short in us-east-1a")
            XCTAssertTrue(landing.attempts.first?.error.contains("0 of 2 nodes launched after 0 s, and the pool is "
                                                                 + "all_or_nothing") == true, "\(landing.attempts)")
            let groups = try await motoGroups(aws)
            XCTAssertEqual(groups.map { $0.attributes["zones"] }, [["us-east-1b"]])
            XCTAssertEqual(groups.first?.attributes["all_or_nothing"], true)
        }
    }

    /// A mixed pool's split goes into the instances distribution and reads back unchanged.
    func testMixedSplitIsSentAsTheInstancesDistribution() async throws {
        try await withProxy(config: Self.steeredConfig) { proxy, aws in
            let engine = Engine(providers: ["aws": aws], store: InMemoryStateStore())
            let mixed = try failoverIntents(capacity: "{ market: spot, spot_percent: 60, on_demand_base: 1 }")
            let report = try await engine.apply(try await engine.plan(mixed))
            XCTAssertEqual(report.failed.map(\.address), [], "\(report.failed)")
            let groups = try await motoGroups(aws)
            let group = try XCTUnwrap(groups.first)
            let distribution = group.attributes["mixed_instances_policy"]?["instances_distribution"]
            XCTAssertEqual(distribution?["on_demand_base_capacity"], 1)
            XCTAssertEqual(distribution?["on_demand_percentage_above_base_capacity"], 40)
            XCTAssertEqual(group.attributes["spot_percent"], 60)
            let again = try await engine.plan(mixed)
            XCTAssertFalse(again.hasChanges, describe(again))
        }
    }

    /// A reserved offer asks for only that reservation. moto accepts and drops the field, so
    /// only the request on the wire is checked (against the CreateAutoScalingGroup reference).
    func testAReservationIsSentAsTheCapacityReservationSpecification() async throws {
        try await withProxy(config: Self.steeredConfig) { proxy, aws in
            let engine = Engine(providers: ["aws": aws], store: InMemoryStateStore())
            let reserved = try failoverIntents(capacity: "{ markets: [reserved, on-demand], reservations: [cr-0123456789abcdef0] }")
            let report = try await engine.apply(try await engine.plan(reserved))
            XCTAssertEqual(report.failed.map(\.address), [], "\(report.failed)")
            let creates = try await proxy.log().filter { $0["action"] == "CreateAutoScalingGroup" }
            let body = try XCTUnwrap(creates.last?["body"]?.stringValue)
            XCTAssertTrue(body.contains("CapacityReservationSpecification.CapacityReservationPreference=capacity-reservations-only"),
                          body)
            XCTAssertTrue(body.contains("CapacityReservationSpecification.CapacityReservationTarget.CapacityReservationIds.member.1="
                                        + "cr-0123456789abcdef0"), body)
            XCTAssertTrue(body.contains("MixedInstancesPolicy.InstancesDistribution.OnDemandPercentageAboveBaseCapacity=100"), body)
        }
    }

    /// The fixture's pool as an EKS managed node group of cluster `gpu`.
    static let eksCluster = "launch_wait_seconds: 0, eks: { gpu: { region: us-east-1, network: train, node_pools: [h100] } } }"
    static let nodeGroup = "node_pools.h100.aws_eks_node_group.main"

    /// EKS reports the shortage in the node group (CREATE_FAILED, an AsgInstanceLaunchFailures
    /// health issue); the proxy answers that for spot in us-east-1a, moto creating the group.
    func testAnEKSNodeGroupShortOfSpotInTheFirstZoneLandsInTheNext() async throws {
        try await withProxy(config: Self.steeredConfig.merging(
            ["eks": ["gpu": ["region": "us-east-1", "network": "train", "node_pools": ["h100"]]]]) { $1 }) { proxy, aws in
            try await proxy.rules(["launch_fail": [["zone": "us-east-1a", "market": "spot"]]])
            let engine = Engine(providers: ["aws": aws], store: InMemoryStateStore())
            let plan = try await engine.plan(try failoverIntents(eks: true))
            XCTAssertEqual(plan.fleet.first?.resource.rawValue, Self.nodeGroup)
            let report = try await engine.apply(plan)
            XCTAssertEqual(report.failed.map(\.address), [], "\(report.failed)")
            XCTAssertEqual(report.placements.first?.sentence,
                           "node_pools.h100 landed in us-east-1b spot after spot was short in us-east-1a")
            let groups = try await aws.list(ListRequest(type: "aws_eks_node_group", region: "us-east-1"))
            XCTAssertEqual(groups.count, 1, "the failed node group was deleted: \(groups.map(\.id))")
            let group = try XCTUnwrap(groups.first)
            XCTAssertEqual(group.attributes["capacity_type"], "SPOT")
            XCTAssertEqual(group.attributes["zones"], ["us-east-1b"])
            XCTAssertEqual(group.attributes["subnet_ids"]?.arrayValue?.count, 1)
            let again = try await engine.plan(try failoverIntents(eks: true))
            XCTAssertFalse(again.hasChanges, describe(again))
        }
    }
}
