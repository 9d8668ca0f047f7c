import Foundation
import GantryBasics
import GantryEngine
import GantryProviderKit
import Testing

/// Mixed pools on the sim: the split the plan shows is what the cloud buys and reports.
@Suite struct FleetMixedPoolTests {
    /// `on_demand_base: 1, spot_percent: 50, desired: 5`, spot then on-demand, in zones a and b.
    static func pool() -> IntentItem {
        var pool = SimFleet.pool(desired: 5)
        pool.attributes["capacity"] = ["markets": ["spot", "on-demand"], "zones": ["us-east-1a", "us-east-1b"],
                                       "spot_percent": 50, "on_demand_base": 1]
        return pool
    }

    @Test func aMixedPoolCreatesThreeOnDemandAndTwoSpotNodesAndSaysSo() async throws {
        let fleet = try SimFleet([:])
        defer { fleet.remove() }
        let plan = try await fleet.plan([Self.pool()])
        let order = try #require(plan.fleet.first)
        #expect(order.nodesByMarket == ["on-demand": 3, "spot": 2])
        #expect(PlanTextRenderer().render(plan).contains("mixed: 3 on-demand + 2 spot"))

        let report = try await fleet.engine.apply(plan)
        #expect(report.status == .succeeded)
        let landing = try #require(report.placements.first)
        #expect(landing.sentence == "node_pools.h100-train landed in us-east-1a spot (3 on-demand + 2 spot)")
        let group = try #require(await fleet.recorded(SimFleet.group()))
        #expect(group["nodes_by_market"] == ["on-demand": 3, "spot": 2])
        #expect(group["spot_percent"] == 50 && group["on_demand_base"] == 1)
        let cloud = try await fleet.sim.list(ListRequest(type: "sim_node_group"))
        #expect(cloud.first?.attributes["nodes_by_market"] == ["on-demand": 3, "spot": 2])
        #expect(await fleet.metadata[Engine.placementsMetadataKey]?[SimFleet.group().rawValue]?["nodes_by_market"]
            == ["on-demand": 3, "spot": 2])

        // Scaling to 9 keeps the split (1 + half of 8 → 4 spot, 5 on-demand), in place.
        var bigger = Self.pool()
        bigger.attributes["nodes"] = ["min": 0, "max": 16, "desired": 9]
        let scale = try await fleet.plan([bigger])
        #expect(scale.action(SimFleet.group().rawValue) == .update)
        _ = try await fleet.engine.apply(scale)
        #expect(await fleet.recorded(SimFleet.group())?["nodes_by_market"] == ["on-demand": 5, "spot": 4])
        #expect(try await fleet.plan([bigger]).action(SimFleet.group().rawValue) == .noOp)
    }

    @Test func spotShortForAMixedPoolMovesZoneThenFallsBackToOnDemand() async throws {
        // Spot is short in us-east-1a only: the mixed offer moves to us-east-1b, split intact.
        let oneZone = try SimFleet(["drained": [["zone": "us-east-1a", "market": "spot"]]])
        defer { oneZone.remove() }
        let moved = try #require(try await oneZone.apply([Self.pool()]).placements.first)
        #expect(moved.sentence == "node_pools.h100-train landed in us-east-1b spot (3 on-demand + 2 spot) "
            + "after spot was short in us-east-1a")

        // Spot is short in both zones (for both GPU types): the pool falls back to the
        // on-demand offers and buys every node on-demand.
        let everywhere = try SimFleet(["drained": [["zone": "us-east-1a", "market": "spot"],
                                                   ["zone": "us-east-1b", "market": "spot"]]])
        defer { everywhere.remove() }
        let report = try await everywhere.apply([Self.pool()])
        let landing = try #require(report.placements.first)
        #expect(landing.offer?.market == "on-demand" && landing.zone == "us-east-1a")
        #expect(landing.attempts.count == 4)
        #expect(landing.attempts.first?.error.contains("insufficient spot capacity for 2 × p5.48xlarge") == true)
        let group = try #require(await everywhere.recorded(SimFleet.group()))
        #expect(group["nodes_by_market"] == ["on-demand": 5])
        #expect(group["spot_percent"] == nil, "\(group)")
        let cloud = try await everywhere.sim.list(ListRequest(type: "sim_node_group"))
        #expect(cloud.first?.attributes["spot_percent"] == nil, "\(cloud)")
    }
}
