import Foundation
import GantryBasics
import GantryEngine
import GantryProviderKit
import Testing

/// `capacity.regions` as a failover order on the sim: one pool, landing whole in the first
/// region with capacity.
@Suite struct FleetRegionFailoverTests {
    static let regions: [Value] = ["us-east-1", "us-west-2"]

    /// The training network in both regions, as the spec expands it.
    static let networks = ["us-east-1", "us-west-2"].map { (region: String) in
        IntentItem(address: ResourceAddress("networks.train[\(region)]"), kind: "networks", name: "train", region: region,
                   provider: "sim", attributes: ["cidr": "10.0.0.0/16", "interconnect": ["fabric": "efa", "placement": "cluster"]])
    }

    /// One pool with no region of its own: `capacity.regions: [us-east-1, us-west-2]`.
    static func pool(zones: [Value] = ["us-east-1a", "us-west-2b"]) -> IntentItem {
        IntentItem(
            address: "node_pools.h100-train", kind: "node_pools", name: "h100-train", region: nil, provider: "sim",
            attributes: [
                "network": "train", "gpu": ["model": "H100", "count": 8], "nodes": ["min": 0, "max": 8, "desired": 2],
                "capacity": ["markets": ["spot", "on-demand"], "zones": .array(zones), "regions": .array(regions)],
            ],
            dependsOn: ["networks.train[us-east-1]", "networks.train[us-west-2]"])
    }

    func plan(_ fleet: SimFleet) async throws -> Plan {
        try await fleet.engine.plan(Self.networks + [Self.pool()])
    }

    @Test func aPoolWhoseFirstRegionIsShortLandsWholeInTheNextAndStaysThere() async throws {
        let fleet = try SimFleet(["regions": .array(Self.regions), "drained": ["us-east-1a", "us-east-1b", "us-east-1c"]])
        defer { fleet.remove() }
        let plan = try await plan(fleet)
        // One node group, not one per region; its offers walk us-east-1 first, then us-west-2.
        let groups = plan.changes.filter { $0.type == "sim_node_group" }.map(\.address)
        #expect(groups == [SimFleet.group()])
        let order = try #require(plan.fleet.first)
        #expect(order.offers.map(\.description) == [
            "p5.48xlarge spot in us-east-1a", "p5.48xlarge on-demand in us-east-1a",
            "p5.48xlarge spot in us-west-2b", "p5.48xlarge on-demand in us-west-2b",
        ])
        #expect(order.expected?.offer.description == "p5.48xlarge spot in us-west-2b")
        let text = PlanTextRenderer().render(plan)
        #expect(text.contains("expected to land in us-west-2b spot (p5.48xlarge)"), "\(text)")
        #expect(text.contains("regions in order: us-east-1 → us-west-2"))

        let report = try await fleet.engine.apply(plan)
        #expect(report.status == .succeeded, "\(report.failed)")
        let landing = try #require(report.placements.first)
        #expect(landing.sentence == "node_pools.h100-train landed in us-west-2b spot after spot was short in us-east-1a; "
            + "on-demand was short in us-east-1a")
        let group = try #require(await fleet.recorded(SimFleet.group()))
        #expect(group["region"] == "us-west-2" && group["zone"] == "us-west-2b")
        let template = try #require(await fleet.store.document?.resources.first {
            $0.address == "node_pools.h100-train.sim_launch_template.us-west-2"
        })
        #expect(group["launch_template_id"] == template.attributes["id"])
        let subnets = group["subnet_ids"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let westSubnet = await fleet.store.document?.resources.first {
            $0.address == "networks.train[us-west-2].sim_subnet.us-west-2b"
        }?.attributes["id"]?.stringValue
        #expect(subnets == [westSubnet].compactMap { $0 })
        let placement = await fleet.metadata[Engine.placementsMetadataKey]?[SimFleet.group().rawValue]
        #expect(placement?["region"] == "us-west-2" && placement?["zone"] == "us-west-2b")
        // The cloud has one node group, in us-west-2.
        let cloud = try await fleet.sim.list(ListRequest(type: "sim_node_group"))
        #expect(cloud.map { $0.attributes["region"] } == ["us-west-2"])

        // Capacity is back in us-east-1: the landed pool stays pinned, and the next plan is empty.
        let healed = try SimFleet.reopen(fleet, ["regions": .array(Self.regions)])
        let again = try await healed.engine.plan(Self.networks + [Self.pool()])
        #expect(!again.hasChanges, "\(again.changes.filter { $0.action != .noOp }.map { "\($0.address) \($0.action)" })")
    }

    @Test func everyRegionShortListsEveryAttemptAcrossRegions() async throws {
        let fleet = try SimFleet(["regions": .array(Self.regions), "drained": ["us-east-1a", "us-west-2b"]])
        defer { fleet.remove() }
        let report = try await fleet.engine.apply(try await plan(fleet))
        guard case .failed(let error) = report.failed.first(where: { $0.address == SimFleet.group() })?.result else {
            Issue.record("the pool should fail"); return
        }
        #expect(error.message.hasPrefix("no capacity for node_pools.h100-train in any of its 4 offer(s) tried:"))
        #expect(error.message.contains("4. p5.48xlarge on-demand in us-west-2b"))
        #expect(try await fleet.sim.list(ListRequest(type: "sim_node_group")).isEmpty)
    }
}
