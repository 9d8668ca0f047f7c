import GantryBasics
import GantryEngine
import GantryPolicy
import XCTest

/// Saved plans the gate reads: Terraform-shaped JSON from `gantry plan --json`, and plan files.
final class PlanDocumentTests: XCTestCase {
    func testReadsTheJSONPlanShape() throws {
        let json: Value = [
            "format_version": "1.2",
            "prior_state_serial": 4,
            "resource_changes": [[
                "address": "node_pools.train.sim_node_group.main", "type": "sim_node_group", "name": "main",
                "provider_name": "sim", "gantry_origin": "node_pools.train",
                "change": ["actions": ["update"],
                           "before": ["instance_type": "p5.48xlarge", "desired_size": 2, "region": "us-east-1"],
                           "after": ["instance_type": "p5.48xlarge", "desired_size": 3, "region": "us-east-1"]],
            ], [
                "address": "storage.old.sim_bucket.main", "type": "sim_bucket", "name": "main", "provider_name": "sim",
                "change": ["actions": ["delete", "create"], "before": ["region": "us-east-1"], "after": ["region": "eu-west-1"]],
            ]],
        ]
        let plan = try PlanDocument.decode(json, path: "plan.json")
        XCTAssertEqual(plan.stateSerial, 4)
        XCTAssertEqual(plan.changes.map(\.action), [.update, .deleteThenCreate])
        XCTAssertEqual(plan.changes.first?.origin, "node_pools.train")
        let cost = CostEstimator().compare(plan)
        XCTAssertEqual(cost.hourlyDelta.signedDescription, "+$55.04")
    }

    func testRefusesWhatIsNotAPlanWithAHint() {
        XCTAssertThrowsError(try PlanDocument.decode(["resources": []], path: "state.json")) { error in
            let policyError = error as? PolicyError
            XCTAssertEqual(policyError?.shortName, "not-a-plan")
            XCTAssertEqual(policyError?.description.hasPrefix("state.json: it has neither `resource_changes`"), true)
            XCTAssertNotNil(policyError?.hint)
        }
        XCTAssertThrowsError(try PlanDocument.decode(["resource_changes": [["address": "a"]]], path: "p.json")) { error in
            XCTAssertEqual((error as? PolicyError)?.description, "p.json: resource_changes[0] lacks address, type or change.actions")
        }
    }

    func testReadsAPlanFile() throws {
        let plan = Plan(stateSerial: 7, stateLineage: "abc", changes: [
            Fixtures.nodeGroup("node_pools.train", region: "us-east-1", type: "p5.48xlarge", before: nil, after: 1),
        ])
        let decoded = try PlanDocument.decode(PlanFile.encode(plan), path: "saved.plan")
        XCTAssertEqual(decoded.stateLineage, "abc")
        XCTAssertEqual(decoded.changes.count, 1)
    }
}
