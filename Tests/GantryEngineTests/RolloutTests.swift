import GantryBasics
import GantryEngine
import GantryProviderKit
import GantryState
import Testing

/// Node-group replacements rolled out by strategy: blue-green, canary and rolling, with
/// health gates read through the provider; and scaling, which never replaces.
@Suite struct RolloutTests {
    static let address = "node_pools.serve.fake_group.main"

    static func group(_ type: String = "p5.48xlarge", nodes: Int = 4, min: Int = 1,
                      update: [String: Value]) -> ResourceConfig {
        Fixtures.resource(address, FakeNodeGroups.type, [
            "instance_type": .string(type), "desired_size": .int(nodes), "min_size": .int(min), "max_size": 8,
            "update_config": .object(update),
        ], provider: "groups")
    }

    static let blueGreen: [String: Value] = ["strategy": "blue-green", "health_timeout": 0.2]
    static let canary: [String: Value] = ["strategy": "canary", "steps": [25, 50, 100], "health_timeout": 0.2]

    /// An engine on a fresh store with the first version of the group applied.
    static func started(_ update: [String: Value], nodes: Int = 4) async throws
        -> (FakeNodeGroups, MemoryStore, Engine, String)
    {
        let cloud = FakeNodeGroups(), store = MemoryStore()
        let engine = Engine(providers: ["groups": cloud], store: store)
        let first = try await Fixtures.apply([group(nodes: nodes, update: update)], engine)
        #expect(first.status == .succeeded)
        let id = try #require(await store.document?.resources.first?.id)
        return (cloud, store, engine, id)
    }

    @Test func blueGreenWhoseNewGroupNeverGetsReadyLeavesTheOldOneAndTheStateAlone() async throws {
        let (cloud, store, engine, oldID) = try await Self.started(Self.blueGreen)
        let before = try #require(await store.document?.resources.first)
        await cloud.set(neverReady: true)

        let report = try await Fixtures.apply([Self.group("p5en.48xlarge", update: Self.blueGreen)], engine)
        #expect(report.status == .partial)
        guard case .failed(let error)? = report.outcomes.first?.result else {
            Issue.record("the replacement should fail")
            return
        }
        #expect(error.message.contains("blue-green rollout rolled back at step 1 of 1 (all 4 nodes)"))
        #expect(error.message.contains("the new nodes were not ready within the health timeout"))
        #expect(error.message.contains("the old node group \(oldID) is untouched"))
        // Only the old group is left in the cloud, unchanged, and the state still records it.
        let groups = await cloud.groups
        #expect(Array(groups.keys) == [oldID])
        #expect(groups[oldID]?.attributes["instance_type"] == "p5.48xlarge")
        #expect(await store.document?.resources == [before])
        // The next plan still wants the replacement.
        let again = try await engine.plan(resources: [Self.group("p5en.48xlarge", update: Self.blueGreen)])
        #expect(again.action(Self.address) == .createThenDelete)
    }

    @Test func blueGreenReplacesTheGroupOnceTheNewOneIsReady() async throws {
        let (cloud, store, engine, oldID) = try await Self.started(Self.blueGreen)
        let report = try await Fixtures.apply([Self.group("p5en.48xlarge", update: Self.blueGreen)], engine)
        #expect(report.status == .succeeded)
        let record = try #require(await store.document?.resources.first)
        #expect(record.id != oldID)
        #expect(record.attributes["instance_type"] == "p5en.48xlarge")
        #expect(await cloud.log.suffix(2) == ["create \(record.id) 4", "delete \(oldID)"])
    }

    @Test func aGroupLeftByAnInterruptedRolloutIsDeletedBeforeStartingAgain() async throws {
        let (cloud, store, engine, oldID) = try await Self.started(Self.blueGreen)
        await cloud.seedLeftover(ResourceAddress(Self.address), id: "group-leftover")
        let report = try await Fixtures.apply([Self.group("p5en.48xlarge", update: Self.blueGreen)], engine)
        #expect(report.status == .succeeded)
        let newID = try #require(await store.document?.resources.first?.id)
        #expect(Array(await cloud.log.dropFirst()) == ["delete group-leftover", "create \(newID) 4", "delete \(oldID)"])
        #expect(Array(await cloud.groups.keys) == [newID])
    }

    @Test func canaryHaltsAtTheStepWhoseNodesFail() async throws {
        let (cloud, store, engine, oldID) = try await Self.started(Self.canary)
        await cloud.set(healthyNodes: 1)
        let report = try await Fixtures.apply([Self.group("p5en.48xlarge", update: Self.canary)], engine)
        guard case .failed(let error)? = report.outcomes.first?.result else {
            Issue.record("the canary should halt")
            return
        }
        #expect(error.message.hasPrefix("canary rollout halted at step 2 of 3 (50% (2 nodes)): 1 of 2 new nodes failed"))
        #expect(error.detail["step"] == 2)
        // 25% (1 node) passed, 50% (2 nodes) failed; the canary group is gone, the old one untouched.
        let log = await cloud.log
        #expect(log.suffix(3) == ["create group-2 1", "update group-2 2", "delete group-2"])
        #expect(Array(await cloud.groups.keys) == [oldID])
        #expect(await store.document?.resources.first?.id == oldID)
    }

    @Test func rollingShrinksTheOldGroupAsTheNewOneComesUp() async throws {
        let rolling: [String: Value] = ["strategy": "rolling", "max_surge": 1, "max_unavailable": 1, "health_timeout": 5]
        let (cloud, store, engine, oldID) = try await Self.started(rolling)
        let report = try await Fixtures.apply([Self.group("p5en.48xlarge", update: rolling)], engine)
        #expect(report.status == .succeeded)
        let newID = try #require(await store.document?.resources.first?.id)
        // Batches of 2: the old group drops by one (max_unavailable) before each batch and
        // by the rest once the batch is ready.
        #expect(Array(await cloud.log.dropFirst()) == [
            "update \(oldID) 3", "create \(newID) 2", "update \(oldID) 2",
            "update \(oldID) 1", "update \(newID) 4", "update \(oldID) 0",
            "delete \(oldID)",
        ])
    }

    @Test func aFailedRollingBatchPutsTheOldGroupBack() async throws {
        let rolling: [String: Value] = ["strategy": "rolling", "max_surge": 1, "max_unavailable": 1, "health_timeout": 5]
        let (cloud, store, engine, oldID) = try await Self.started(rolling)
        await cloud.set(healthyNodes: 1)
        let report = try await Fixtures.apply([Self.group("p5en.48xlarge", update: rolling)], engine)
        guard case .failed(let error)? = report.outcomes.first?.result else {
            Issue.record("the rolling update should halt")
            return
        }
        #expect(error.message.contains("rolling rollout halted at step 1 of 2 (batch 1 of 2 (2 nodes))"))
        #expect(error.message.contains("the old node group \(oldID) was scaled back to 4 nodes"))
        #expect(Array(await cloud.log.dropFirst()) == ["update \(oldID) 3", "create group-2 2", "delete group-2",
                                                        "update \(oldID) 4"])
        #expect(await cloud.groups[oldID]?.attributes["desired_size"] == 4)
        #expect(await store.document?.resources.first?.id == oldID)
    }

    @Test func changingDesiredNodesIsAnInPlaceUpdate() async throws {
        let (cloud, store, engine, oldID) = try await Self.started(Self.blueGreen)
        let plan = try await engine.plan(resources: [Self.group(nodes: 6, update: Self.blueGreen)])
        #expect(plan.action(Self.address) == .update)
        #expect(plan.change(Self.address)?.replaceReasons == [])
        _ = try await engine.apply(plan, options: ApplyOptions(retry: Fixtures.fastRetry))
        #expect(await cloud.log.last == "update \(oldID) 6")
        #expect(await store.document?.resources.first?.attributes["desired_size"] == 6)
    }

    @Test func aPoolScalesToZeroAndBack() async throws {
        let (cloud, store, engine, oldID) = try await Self.started(Self.canary)
        let down = try await Fixtures.apply([Self.group(nodes: 0, min: 0, update: Self.canary)], engine)
        #expect(down.status == .succeeded)
        #expect(await store.document?.resources.first?.attributes["desired_size"] == 0)
        let up = try await Fixtures.apply([Self.group(nodes: 2, min: 0, update: Self.canary)], engine)
        #expect(up.status == .succeeded)
        #expect(await store.document?.resources.first?.id == oldID)
        #expect(await cloud.log.suffix(2) == ["update \(oldID) 0", "update \(oldID) 2"])
    }

    @Test func planShowsTheStepsAReplacementWillTake() async throws {
        let (_, _, engine, _) = try await Self.started(Self.canary)
        let plan = try await engine.plan(resources: [Self.group("p5en.48xlarge", update: Self.canary)])
        let text = PlanTextRenderer().render(plan)
        #expect(text.contains("# rollout: canary, health timeout 0.2s"))
        #expect(text.contains("#   2. 50% (2 nodes): grow the new group to 2 nodes, wait until 2 are ready"))
        #expect(text.contains("#   if a gate fails: the new group is deleted and the old one kept"))
        let json = PlanJSONRenderer().render(plan)
        let rollout = json["resource_changes"]?.arrayValue?.first?["gantry_rollout"]
        #expect(rollout?["strategy"] == "canary")
        #expect(rollout?["steps"]?.arrayValue?.compactMap { $0["new_nodes"]?.intValue } == [1, 2, 4])
    }
}

/// The steps a rollout plan computes, without any cloud.
@Suite struct RolloutPlanTests {
    @Test(arguments: [
        ([10, 50, 100], 16, [2, 8, 16]),
        ([10, 50, 100], 2, [1, 2]),   // 10% and 50% of 2 both round to one node: one step
        ([20, 60], 5, [1, 3, 5]),     // a last step of 100% is added
        ([50, 100], 0, [0]),
    ])
    func canaryStepsRoundUpAndEndAtTheWholePool(steps: [Int], nodes: Int, expected: [Int]) {
        let plan = RolloutPlan(settings: RolloutSettings(strategy: .canary, steps: steps), oldNodes: nodes,
                               newNodes: nodes, minNodes: 0)
        #expect(plan.steps.map(\.newNodes) == expected)
    }

    @Test func rollingBatchesAreSurgePlusUnavailable() {
        let plan = RolloutPlan(settings: RolloutSettings(strategy: .rolling, maxSurge: 2, maxUnavailable: 0),
                               oldNodes: 5, newNodes: 5, minNodes: 1)
        #expect(plan.steps.map(\.newNodes) == [2, 4, 5])
        #expect(plan.steps.map(\.oldNodesAfter) == [3, 1, 0])
        #expect(plan.steps.allSatisfy { $0.oldNodesBefore == nil })
    }

    @Test func settingsAreReadFromUpdateConfig() {
        let settings = RolloutSettings.read(from: ["update_config": [
            "strategy": "rolling", "max_surge": 0, "max_unavailable": 2, "health_timeout": "15m",
        ]])
        #expect(settings?.strategy == .rolling)
        #expect(settings?.maxUnavailable == 2)
        #expect(settings?.healthTimeout == 900)
        #expect(RolloutSettings.read(from: ["update_config": ["strategy": "recreate"]]) == nil)
    }

    @Test func healthGateVerdicts() {
        #expect(HealthGate.evaluate(["ready_nodes": 4], wanted: 4) == .ready)
        #expect(HealthGate.evaluate(["ready_nodes": 2, "status": "SCALING"], wanted: 4)
                == .waiting("2 of 4 nodes ready, status SCALING"))
        #expect(HealthGate.evaluate(["ready_nodes": 3, "failed_nodes": 1], wanted: 4)
                == .failed("1 of 4 new nodes failed (3 ready)"))
        #expect(HealthGate.evaluate(["id": "x"], wanted: 4) == .ready)  // no readiness reported: nothing to wait for
        #expect(HealthGate.evaluate(["ready_nodes": 0, "failed_nodes": 2, "status": "DEGRADED",
                                     "status_reason": "We currently do not have sufficient p5.48xlarge capacity"], wanted: 2)
                == .failed("2 of 2 new nodes failed (0 ready, status DEGRADED): "
                           + "We currently do not have sufficient p5.48xlarge capacity"))
    }
}
