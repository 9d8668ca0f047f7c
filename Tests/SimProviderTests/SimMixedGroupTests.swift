import GantryBasics
import GantryProviderKit
import Testing
@testable import SimProvider

/// Mixed node groups (`market: spot` with `spot_percent` / `on_demand_base`): each market's
/// share is bought, checked and reported on its own.
@Suite struct SimMixedGroupTests {
    static func mixed(_ nodes: Int, base: Int = 1, percent: Int = 50, zones: [Value] = ["us-east-1a"]) -> [String: Value] {
        var a = SimCapacityTests.group(nodes, zones: zones)
        a["spot_percent"] = .int(percent)
        a["on_demand_base"] = .int(base)
        return a
    }

    @Test func aMixedGroupBuysTheBaseOnDemandThenItsShareOfTheRestAsSpot() async throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let sim = try SimProvider(workingDirectory: dir.path, config: ["capacity": ["default": 10]])
        let group = try await created(sim, "a", type: "sim_node_group", Self.mixed(5))
        // 1 on-demand base, then half of the other 4 as spot: 2 spot, 3 on-demand.
        #expect(group.attributes["nodes_by_market"] == ["on-demand": 3, "spot": 2])
        // Each market's share is drawn from that market: 8 spot and 7 on-demand are left.
        let spot = await create(sim, "b", type: "sim_node_group", SimCapacityTests.group(9, zones: ["us-east-1a"]))
        #expect(spot.error?.detail["available"] == 8)
        let onDemand = await create(sim, "c", type: "sim_node_group",
                                    SimCapacityTests.group(8, market: "on-demand", zones: ["us-east-1a"]))
        #expect(onDemand.error?.detail["available"] == 7)
        // An unmixed group reports all its nodes in its market.
        let plain = try await created(sim, "d", type: "sim_node_group", SimCapacityTests.group(2, zones: ["us-east-1a"]))
        #expect(plain.attributes["nodes_by_market"] == ["spot": 2])
    }

    @Test func scalingKeepsTheSplitAndChecksEachMarket() async throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let sim = try SimProvider(workingDirectory: dir.path, config: ["capacity": ["default": 64, "zones": ["us-east-1a": ["spot": 4]]]])
        let group = try await created(sim, "a", type: "sim_node_group", Self.mixed(5))
        var bigger = group.attributes
        bigger["desired_size"] = 9
        let scaled = await sim.update([UpdateRequest(address: "a", type: "sim_node_group", id: group.id,
                                                     prior: group.attributes, attributes: bigger)])
        // 1 base + half of 8: 4 spot, 5 on-demand — exactly the zone's 4 spot nodes.
        let grown = try #require(scaled.first?.snapshot)
        #expect(grown.attributes["nodes_by_market"] == ["on-demand": 5, "spot": 4])
        bigger["desired_size"] = 11
        let tooMany = await sim.update([UpdateRequest(address: "a", type: "sim_node_group", id: group.id,
                                                      prior: grown.attributes, attributes: bigger)])
        let error = try #require(tooMany.first?.error)
        #expect(error.code == .capacity)
        #expect(error.detail["market"] == "spot")
        #expect(error.message.hasPrefix("insufficient spot capacity for 5 × p5.48xlarge in us-east-1a (available: us-east-1a 4)"))
    }

    @Test func aShortMarketIsNamedAndEachQuotaIsCheckedForItsShare() async throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let sim = try SimProvider(workingDirectory: dir.path,
                                  config: ["quotas": ["H100": ["spot": 16, "on-demand": 512]],
                                           "drained": [["zone": "us-east-1b", "market": "spot"]]])
        // 2 spot nodes are 16 spot GPUs: within quota. 3 would not be.
        _ = try await created(sim, "a", type: "sim_node_group", Self.mixed(5))
        let over = await create(sim, "b", type: "sim_node_group", Self.mixed(3, base: 0, percent: 34))
        let quota = try #require(over.error)
        #expect(quota.providerCode == "QuotaExceeded")
        #expect(quota.message == "spot quota for H100 GPUs exceeded: 8 requested, 16 of 16 in use")

        let other = TemporaryDirectory()
        defer { other.remove() }
        let drained = try SimProvider(workingDirectory: other.path,
                                      config: ["drained": [["zone": "us-east-1b", "market": "spot"]]])
        let short = await create(drained, "a", type: "sim_node_group", Self.mixed(5, zones: ["us-east-1b"]))
        let error = try #require(short.error)
        #expect(error.providerCode == "InsufficientInstanceCapacity")
        #expect(error.detail["market"] == "spot" && error.detail["requested"] == 2)
        #expect(error.message == "insufficient spot capacity for 2 × p5.48xlarge in us-east-1b (available: us-east-1b 0); "
            + "the group is mixed: 3 on-demand + 2 spot")
    }
}
