import GantryBasics
import GantryProviderKit
import Testing
@testable import SimProvider

/// `gantry sim fail-nodes`: groups created or scaled up afterwards report failed nodes.
@Suite struct SimNodeFaultTests {
    @Test func newGroupsReportFailedNodesUntilHealed() async throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let sim = try SimProvider(workingDirectory: dir.path)
        let world = SimWorld(workingDirectory: dir.path)
        let before = try await created(sim, "old", type: "sim_node_group", SimCapacityTests.group(2))
        try await world.failNewNodes(SimNodeFault(instanceType: "p5.48xlarge", healthyNodes: 1))
        #expect(try await world.nodeFaults().map(\.description)
                == ["new nodes of p5.48xlarge in every zone beyond the first 1 of a group fail"])

        let broken = try await created(sim, "new", type: "sim_node_group", SimCapacityTests.group(3))
        #expect(broken.attributes["failed_nodes"] == 2)
        #expect(broken.attributes["ready_nodes"] == 1)
        #expect(broken.attributes["status"] == "DEGRADED")
        // Other types, and groups that existed before, are not touched.
        let other = try await created(sim, "other", type: "sim_node_group", SimCapacityTests.group(2, type: "p4d.24xlarge"))
        #expect(other.attributes["failed_nodes"] == 0)
        let read = try await sim.read(ReadRequest(type: "sim_node_group", items: [.init(address: "old", id: before.id)]))
        guard case .found(let old)? = read.first else { Issue.record("the old group should exist"); return }
        #expect(old.attributes["ready_nodes"] == 2)

        // Scaling up an existing group adds failed nodes beyond the healthy ones.
        var bigger = SimCapacityTests.group(4)
        bigger["desired_size"] = 4
        let scaled = await sim.update([UpdateRequest(address: "old", type: "sim_node_group", id: before.id,
                                                     prior: old.attributes, attributes: bigger)])
        #expect(scaled.first?.snapshot?.attributes["failed_nodes"] == 2)

        try await world.healNodes(SimNodeFault(instanceType: "p5.48xlarge"))
        #expect(try await world.nodeFaults().isEmpty)
        let healthy = try await created(sim, "healthy", type: "sim_node_group", SimCapacityTests.group(3))
        #expect(healthy.attributes["failed_nodes"] == 0)
        #expect(healthy.attributes["ready_nodes"] == 3)
    }
}
