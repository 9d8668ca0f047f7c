import GantryBasics
import GantryProviderKit
import Testing
@testable import SimProvider

@Suite struct SimPlanTests {
    let sim = SimProvider()

    @Test func newResourcesHaveUnknownComputedAttributes() async throws {
        let response = try await sim.plan([PlanRequest(address: "a", type: "sim_vpc", prior: nil,
                                                       proposed: ["cidr": "10.0.0.0/16"])])
        #expect(response.first?.planned["id"] == .unknown)
        #expect(response.first?.planned["arn"] == .unknown)
        #expect(response.first?.planned["cidr"] == "10.0.0.0/16")
        #expect(response.first?.requiresReplace == [])
    }

    @Test func unchangedResourceKeepsItsComputedValues() async throws {
        let prior: [String: Value] = ["cidr": "10.0.0.0/16", "id": "sim-vpc-00000001", "arn": "arn:x", "tags_all": [:]]
        let response = try await sim.plan([PlanRequest(address: "a", type: "sim_vpc", prior: prior,
                                                       proposed: ["cidr": "10.0.0.0/16"])])
        #expect(response.first?.planned == prior)
    }

    @Test func forceNewChangeListsTheAttribute() async throws {
        let prior: [String: Value] = ["instance_type": "p5.48xlarge", "desired_size": 2, "id": "sim-node-group-1",
                                      "zone": "us-east-1a"]
        let response = try await sim.plan([PlanRequest(address: "a", type: "sim_node_group", prior: prior,
                                                       proposed: ["instance_type": "p4d.24xlarge", "desired_size": 2])])
        #expect(response.first?.requiresReplace == ["instance_type"])
        #expect(response.first?.planned["zone"] == .unknown)
    }

    @Test func scalingIsAnInPlaceUpdate() async throws {
        let prior: [String: Value] = ["instance_type": "p5.48xlarge", "desired_size": 2, "id": "sim-node-group-1",
                                      "zone": "us-east-1a", "ready_nodes": 2]
        let response = try await sim.plan([PlanRequest(address: "a", type: "sim_node_group", prior: prior,
                                                       proposed: ["instance_type": "p5.48xlarge", "desired_size": 4])])
        #expect(response.first?.requiresReplace == [])
        #expect(response.first?.planned["zone"] == "us-east-1a")
        #expect(response.first?.planned["ready_nodes"] == .unknown)
    }

    @Test func schemaDescribesEveryType() async throws {
        let schema = try await sim.schema()
        #expect(schema.type("sim_node_group")?.createBeforeDestroy == true)
        #expect(schema.type("sim_data")?.computed == ["id"])
        // A new instance type is a new template version; the node group is what is replaced.
        #expect(schema.type("sim_launch_template")?.forceNew.contains("instance_type") == false)
        #expect(schema.type("sim_node_group")?.forceNew.contains("instance_type") == true)
        // Scaling is never a replacement.
        for key in ["desired_size", "min_size", "max_size"] {
            #expect(schema.type("sim_node_group")?.forceNew.contains(key) == false)
        }
    }
}
