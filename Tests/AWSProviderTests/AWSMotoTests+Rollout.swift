import Foundation
import GantryBasics
import GantryEngine
import GantryProviderKit
import GantrySpec
import GantryState
import XCTest
@testable import AWSProvider

/// Node-pool rollouts on AWS: the Auto Scaling group carries its `update_config`, a change
/// to the nodes replaces the launch template and group new-first through the engine's
/// rollout, and nothing drifts afterwards.
extension AWSMotoTests {
    static let trainPool = "node_pools.h100-train"

    /// The example's intents, with the training pool's `update` and `labels` replaced.
    func intents(_ spec: Spec, update: [String: Value], team: String) -> [IntentItem] {
        spec.intents().map { item in
            guard item.address.rawValue.hasPrefix(Self.trainPool) else { return item }
            var item = item
            item.attributes["update"] = .object(update)
            item.attributes["labels"] = ["team": .string(team)]
            return item
        }
    }

    func testBlueGreenReplacementOfAnAutoScalingGroupRollsOutAndLeavesNoDrift() async throws {
        let spec = try loadExample()
        let aws = try await provider(spec.providers["aws"] ?? [:])
        let engine = Engine(providers: ["aws": aws], store: InMemoryStateStore())
        let blueGreen: [String: Value] = ["strategy": "blue-green", "steps": [], "max_surge": 1, "max_unavailable": 0,
                                          "health_timeout": 300, "pause": 0]

        let first = try await engine.apply(try await engine.plan(intents(spec, update: blueGreen, team: "research")))
        XCTAssertEqual(first.failed.map(\.address), [], "\(first.failed)")
        let before = try await groups(aws)
        XCTAssertEqual(before.count, 1)
        let old = try XCTUnwrap(before.first)
        XCTAssertEqual(old.attributes["update_config"]?["strategy"], "blue-green")
        XCTAssertEqual(old.attributes["update_config"]?["size_key"], "desired_capacity")
        XCTAssertEqual(old.attributes["ready_nodes"], 2, "moto starts instances InService and Healthy")
        XCTAssertEqual(old.attributes["tags"], ["Name": "llm-moto-h100-train-us-east-1"], "Gantry's tags are not the user's")
        let steady = try await engine.plan(intents(spec, update: blueGreen, team: "research"))
        XCTAssertFalse(steady.hasChanges, describe(steady))

        // New labels go into the boot script: new nodes, so a new template and group.
        let relabel = try await engine.plan(intents(spec, update: blueGreen, team: "research-2"))
        let groupChange = try XCTUnwrap(relabel.changes.first { $0.type == "aws_autoscaling_group" })
        XCTAssertEqual(groupChange.action, .createThenDelete)
        // (The inference pool's EKS node group has a launch template of its own, for its mounts.)
        let templateChange = relabel.changes.first {
            $0.type == "aws_launch_template" && $0.address.rawValue.hasPrefix(Self.trainPool)
        }
        XCTAssertEqual(templateChange?.action, .createThenDelete)
        let rollout = try XCTUnwrap(RolloutPlan.make(for: groupChange), "the replacement is a rollout")
        XCTAssertEqual(rollout.settings.strategy, .blueGreen)
        XCTAssertEqual(rollout.newNodes, 2)

        let applied = try await engine.apply(relabel)
        XCTAssertEqual(applied.failed.map(\.address), [], "\(applied.failed)")
        let after = try await groups(aws)
        XCTAssertEqual(after.count, 1, "the old group is retired once the new one is ready")
        let new = try XCTUnwrap(after.first)
        XCTAssertNotEqual(new.id, old.id)
        XCTAssertEqual(new.attributes["ready_nodes"], 2)
        XCTAssertEqual(new.attributes["status"], "ACTIVE")

        let second = try await engine.plan(intents(spec, update: blueGreen, team: "research-2"))
        XCTAssertFalse(second.hasChanges, describe(second))

        // A new strategy alone is an in-place tag update, not new nodes.
        let canary: [String: Value] = ["strategy": "canary", "steps": [50, 100], "max_surge": 1, "max_unavailable": 0,
                                       "health_timeout": 300, "pause": 0]
        let restrategy = try await engine.plan(intents(spec, update: canary, team: "research-2"))
        XCTAssertEqual(restrategy.actionableChanges.map(\.action), [.update], describe(restrategy))
        let updated = try await engine.apply(restrategy)
        XCTAssertEqual(updated.failed.map(\.address), [], "\(updated.failed)")
        let restrategized = try await groups(aws)
        XCTAssertEqual(restrategized.first?.attributes["update_config"]?["steps"], [50, 100])
        let third = try await engine.plan(intents(spec, update: canary, team: "research-2"))
        XCTAssertFalse(third.hasChanges, describe(third))

        let destroyed = try await engine.apply(try await engine.planDestroy())
        XCTAssertEqual(destroyed.failed.count, 0, "\(destroyed.failed)")
    }

    /// The default strategy (rolling, one node of surge) and a canary replace the group step
    /// by step, resizing the old one down (rolling) or the new one up (canary).
    func testRollingAndCanaryReplacementsOfAnAutoScalingGroupGoThrough() async throws {
        let spec = try loadExample()
        for update: [String: Value] in [
            ["strategy": "rolling", "steps": [], "max_surge": 1, "max_unavailable": 0, "health_timeout": 300, "pause": 0],
            ["strategy": "canary", "steps": [50, 100], "max_surge": 1, "max_unavailable": 0, "health_timeout": 300,
             "pause": 0],
        ] {
            try await moto.reset()
            let aws = try await provider(spec.providers["aws"] ?? [:])
            let engine = Engine(providers: ["aws": aws], store: InMemoryStateStore())
            let first = try await engine.apply(try await engine.plan(intents(spec, update: update, team: "a")))
            XCTAssertEqual(first.failed.map(\.address), [], "\(first.failed)")
            let old = try await groups(aws)

            let relabel = try await engine.plan(intents(spec, update: update, team: "b"))
            let change = try XCTUnwrap(relabel.changes.first { $0.type == "aws_autoscaling_group" })
            let rollout = try XCTUnwrap(RolloutPlan.make(for: change))
            XCTAssertGreaterThan(rollout.steps.count, 1, "\(update["strategy"] ?? .null) goes in steps")
            let applied = try await engine.apply(relabel)
            XCTAssertEqual(applied.failed.map(\.address), [], "\(applied.failed)")
            let new = try await groups(aws)
            XCTAssertEqual(new.count, 1)
            XCTAssertNotEqual(new.first?.id, old.first?.id)
            XCTAssertEqual(new.first?.attributes["desired_capacity"], 2)
            XCTAssertEqual(new.first?.attributes["ready_nodes"], 2)
            let again = try await engine.plan(intents(spec, update: update, team: "b"))
            XCTAssertFalse(again.hasChanges, describe(again))
        }
    }

    private func groups(_ aws: AWSProvider) async throws -> [ResourceSnapshot] {
        try await aws.list(ListRequest(type: "aws_autoscaling_group", region: "us-east-1"))
    }

    func describe(_ plan: Plan) -> String {
        plan.actionableChanges.map { change in
            "\(change.address) \(change.action) " + change.attributeChanges.map {
                "\($0.name): \($0.before.map { "\($0)" } ?? "nil") → \($0.after.map { "\($0)" } ?? "nil")"
            }.joined(separator: ", ")
        }.joined(separator: "; ")
    }
}
