import GantryBasics
import GantryProviderKit
import Testing
@testable import SimProvider

@Suite struct SimCapacityTests {
    static func group(_ nodes: Int, market: String = "spot", zones: [Value]? = nil,
                      type: String = "p5.48xlarge") -> [String: Value] {
        var a: [String: Value] = ["region": "us-east-1", "instance_type": .string(type), "market": .string(market),
                                  "min_size": 0, "max_size": 64, "desired_size": .int(nodes)]
        if let zones { a["zones"] = .array(zones) }
        return a
    }

    @Test func drainedZoneAnswersCapacityWithDetail() async throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let sim = try SimProvider(workingDirectory: dir.path)
        try await SimWorld(workingDirectory: dir.path).drainCapacity(zone: "us-east-1a", market: "spot")
        let result = await create(sim, "node_pools.p.sim_node_group.main", type: "sim_node_group",
                                  Self.group(4, zones: ["us-east-1a"]))
        let error = try #require(result.error)
        #expect(error.code == .capacity)
        #expect(error.providerCode == "InsufficientInstanceCapacity")
        #expect(error.detail["zone"] == "us-east-1a")
        #expect(error.detail["market"] == "spot")
        #expect(error.detail["instance_type"] == "p5.48xlarge")
        #expect(error.detail["available"] == 0)

        // On-demand in the same zone is untouched; an unrestricted spot group lands in the next zone.
        let onDemand = try await created(sim, "a", type: "sim_node_group", Self.group(4, market: "on-demand", zones: ["us-east-1a"]))
        #expect(onDemand.attributes["zone"] == "us-east-1a")
        let anyZone = try await created(sim, "b", type: "sim_node_group", Self.group(4))
        #expect(anyZone.attributes["zone"] == "us-east-1b")
    }

    @Test func capacityIsConsumedByRunningGroupsAndFreedByDelete() async throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let sim = try SimProvider(workingDirectory: dir.path, config: ["capacity": ["default": 10]])
        let first = try await created(sim, "a", type: "sim_node_group", Self.group(8, zones: ["us-east-1a"]))
        let second = await create(sim, "b", type: "sim_node_group", Self.group(4, zones: ["us-east-1a"]))
        #expect(second.error?.detail["available"] == 2)
        // Scaling past what is left fails too, and leaves the group as it was.
        var bigger = first.attributes
        bigger["desired_size"] = 12
        let scale = await sim.update([UpdateRequest(address: "a", type: "sim_node_group", id: first.id,
                                                    prior: first.attributes, attributes: bigger)])
        #expect(scale.first?.error?.code == .capacity)
        _ = await sim.delete([DeleteRequest(address: "a", type: "sim_node_group", id: first.id, attributes: first.attributes)])
        #expect(await create(sim, "b", type: "sim_node_group", Self.group(4, zones: ["us-east-1a"])).snapshot != nil)
    }

    @Test func quotaExceededNamesTheQuota() async throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let sim = try SimProvider(workingDirectory: dir.path, config: ["quotas": ["H100": ["spot": 64]]])
        _ = try await created(sim, "a", type: "sim_node_group", Self.group(6))
        let result = await create(sim, "b", type: "sim_node_group", Self.group(4))
        let error = try #require(result.error)
        #expect(error.providerCode == "QuotaExceeded")
        #expect(error.detail["limit"] == 64 && error.detail["in_use"] == 48 && error.detail["requested"] == 32)
        // The on-demand quota is separate.
        #expect(await create(sim, "c", type: "sim_node_group", Self.group(4, market: "on-demand")).snapshot != nil)
    }

    @Test func nodesBootBeforeTheyAreReady() async throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let slow = try SimProvider(workingDirectory: dir.path, config: ["boot_seconds": 3600])
        let group = try await created(slow, "a", type: "sim_node_group", Self.group(2))
        #expect(group.attributes["ready_nodes"] == 0)
        #expect(group.attributes["status"] == "SCALING")
        let other = TemporaryDirectory()
        defer { other.remove() }
        let fast = try await created(SimProvider(workingDirectory: other.path), "a", type: "sim_node_group", Self.group(2))
        #expect(fast.attributes["ready_nodes"] == 2)
        #expect(fast.attributes["status"] == "ACTIVE")
    }

    @Test func adminNodeCountChangeShowsInRead() async throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let sim = try SimProvider(workingDirectory: dir.path)
        let group = try await created(sim, "node_pools.p", type: "sim_node_group", Self.group(2))
        try await SimWorld(workingDirectory: dir.path).setAttribute("node_pools.p", key: "desired_size", value: 5)
        let read = try await sim.read(ReadRequest(type: "sim_node_group", items: [.init(address: "node_pools.p", id: group.id)]))
        guard case .found(let snap) = read.first else { Issue.record("expected the group"); return }
        #expect(snap.attributes["desired_size"] == 5)
        #expect(snap.attributes["ready_nodes"] == 5)
    }
}

@Suite struct SimForecastTests {
    @Test func planWarnsWhenTheQuotaWouldBeExceededAndNotesTheLanding() async throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let sim = try SimProvider(workingDirectory: dir.path, config: ["quotas": ["H100": 64]])
        var big = SimCapacityTests.group(16)
        big["subnet_ids"] = [.unknown, .unknown]
        let responses = try await sim.plan([
            PlanRequest(address: "a", type: "sim_node_group", prior: nil, proposed: big),
            PlanRequest(address: "b", type: "sim_node_group", prior: nil, proposed: SimCapacityTests.group(2)),
        ])
        #expect(responses[0].diagnostics.map(\.code) == ["quota-exceeded"])
        #expect(responses[0].diagnostics.first?.severity == .warning)
        #expect(responses[1].diagnostics.first?.message.contains("us-east-1a") == true)
        // A forecast changes nothing.
        #expect(try await SimWorld(workingDirectory: dir.path).list().isEmpty)
    }
}

@Suite struct SimNodeHealthTests {
    @Test func failedNodesLowerReadyNodesAndDegradeTheGroup() async throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let sim = try SimProvider(workingDirectory: dir.path)
        let group = try await created(sim, "node_pools.p", type: "sim_node_group", SimCapacityTests.group(4))
        try await SimWorld(workingDirectory: dir.path).setAttribute(group.id, key: "failed_nodes", value: 1)
        let read = try await sim.read(ReadRequest(type: "sim_node_group", items: [.init(address: "node_pools.p", id: group.id)]))
        guard case .found(let snap) = read.first else { Issue.record("expected the group"); return }
        #expect(snap.attributes["ready_nodes"] == 3)
        #expect(snap.attributes["status"] == "DEGRADED")
    }

    @Test func unknownRegionInConfigIsRejectedWithASuggestion() {
        #expect {
            _ = try SimConfig.parse(["regions": ["us-east1"]])
        } throws: { "\($0)".contains("did you mean 'us-east-1'?") }
    }
}
