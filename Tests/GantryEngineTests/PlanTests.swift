import GantryBasics
import GantryEngine
import GantryProviderKit
import GantryState
import Testing

@Suite struct PlanTests {
    let network = "networks.train.fake_network.main"
    let pool = "node_pools.gpu.fake_pool.main"

    func stateWithBoth(_ provider: FakeProvider) async -> MemoryStore {
        let net = ResourceSnapshot(address: ResourceAddress(network), type: "fake_network", id: "net-1",
                                   attributes: ["cidr": "10.0.0.0/16", "id": "net-1"])
        let gpu = ResourceSnapshot(address: ResourceAddress(pool), type: "fake_pool", id: "pool-1",
                                   attributes: ["gpu": "H100", "nodes": 2, "network_id": "net-1", "id": "pool-1"])
        await provider.seed(net)
        await provider.seed(gpu)
        return MemoryStore(StateDocument(serial: 4, lineage: "L", resources: [
            ResourceState(address: net.address, type: net.type, provider: "fake", id: net.id, attributes: net.attributes),
            ResourceState(address: gpu.address, type: gpu.type, provider: "fake", id: gpu.id, attributes: gpu.attributes,
                          dependencies: [net.address]),
        ]))
    }

    @Test func freshStatePlansCreatesWithUnknownIDs() async throws {
        let provider = FakeProvider()
        let plan = try await Fixtures.engine(provider, MemoryStore()).plan(resources: Fixtures.networkAndPool)
        #expect(plan.action(network) == .create)
        #expect(plan.action(pool) == .create)
        #expect(plan.change(pool)?.after?["network_id"] == .unknown)
        #expect(plan.change(pool)?.unknownAfterApply == ["id", "network_id"])
        #expect(plan.summary == Plan.Summary(add: 2))
        #expect(PlanTextRenderer().summaryLine(plan.summary) == "Plan: 2 to add, 0 to change, 0 to destroy.")
    }

    @Test func unchangedStateIsANoOp() async throws {
        let provider = FakeProvider()
        let engine = Fixtures.engine(provider, await stateWithBoth(provider))
        let plan = try await engine.plan(resources: Fixtures.networkAndPool)
        #expect(plan.action(network) == .noOp)
        #expect(plan.action(pool) == .noOp)
        #expect(!plan.hasChanges)
        #expect(PlanTextRenderer().render(plan)
                == "No changes. Your infrastructure matches the configuration.\n")
    }

    /// Types whose plan is a pure diff (`unchangedIsNoOp`) are not asked about resources
    /// that did not change — a no-op plan makes no `plan` call — but are asked as soon as
    /// something differs, and drift found by the refresh still counts as a change.
    @Test func unchangedResourcesOfPureDiffTypesAreNotSentToThePlanCall() async throws {
        let types = FakeProvider.defaultTypes.map { type -> ResourceTypeSchema in
            var t = type
            t.unchangedIsNoOp = true
            return t
        }
        let provider = FakeProvider(types: types)
        let engine = Fixtures.engine(provider, await stateWithBoth(provider))
        let plan = try await engine.plan(resources: Fixtures.networkAndPool)
        #expect(!plan.hasChanges)
        #expect(plan.action(pool) == .noOp)
        #expect(plan.change(pool)?.after?["id"] == "pool-1")
        #expect(await provider.calls("plan").isEmpty)

        var desired = Fixtures.networkAndPool
        desired[1].attributes["nodes"] = 4
        let changed = try await engine.plan(resources: desired)
        #expect(changed.action(pool) == .update)
        #expect(changed.action(network) == .noOp)
        #expect(await provider.calls("plan") == ["plan - 1"])

        var dropped = Fixtures.networkAndPool
        dropped[1].attributes.removeValue(forKey: "gpu")
        #expect(try await engine.plan(resources: dropped).action(pool) != .noOp)

        await provider.seed(ResourceSnapshot(address: ResourceAddress(pool), type: "fake_pool", id: "pool-1",
                                             attributes: ["gpu": "H100", "nodes": 3, "network_id": "net-1",
                                                          "id": "pool-1"]))
        let drifted = try await engine.plan(resources: Fixtures.networkAndPool)
        #expect(drifted.action(pool) == .update)
        #expect(drifted.change(pool)?.attributeChanges.map(\.name) == ["nodes"])
    }

    @Test func changedAttributeIsAnUpdateWithDiff() async throws {
        let provider = FakeProvider()
        let engine = Fixtures.engine(provider, await stateWithBoth(provider))
        var desired = Fixtures.networkAndPool
        desired[1].attributes["nodes"] = 4
        let plan = try await engine.plan(resources: desired)
        #expect(plan.action(pool) == .update)
        #expect(plan.change(pool)?.attributeChanges.map(\.name) == ["nodes"])
        let text = PlanTextRenderer().render(plan)
        #expect(text.contains("~ nodes"))
        #expect(text.contains("2 -> 4"))
        #expect(text.hasSuffix("Plan: 0 to add, 1 to change, 0 to destroy.\n"))
    }

    @Test func forceNewAttributeReplacesWithReason() async throws {
        let provider = FakeProvider()
        let engine = Fixtures.engine(provider, await stateWithBoth(provider))
        var desired = Fixtures.networkAndPool
        desired[1].attributes["gpu"] = "B200"
        let plan = try await engine.plan(resources: desired)
        let change = try #require(plan.change(pool))
        #expect(change.action == .deleteThenCreate)
        #expect(change.replaceReasons == ["gpu"])
        #expect(change.after?["id"] == .unknown)
        #expect(plan.summary == Plan.Summary(add: 1, change: 0, destroy: 1, noOp: 1))
        let text = PlanTextRenderer().render(plan)
        #expect(text.contains("-/+ resource \"fake_pool\" \"main\""))
        #expect(text.contains("# forces replacement"))
        #expect(text.contains("(known after apply)"))
    }

    @Test func replacingADependencyCascadesThroughReferences() async throws {
        let provider = FakeProvider()
        let engine = Fixtures.engine(provider, await stateWithBoth(provider))
        var desired = Fixtures.networkAndPool
        desired[0].attributes["cidr"] = "10.1.0.0/16"
        let plan = try await engine.plan(resources: desired)
        #expect(plan.action(network) == .deleteThenCreate)
        #expect(plan.change(network)?.replaceReasons == ["cidr"])
        // The pool's network_id becomes unknown: an in-place update of a plain attribute.
        #expect(plan.action(pool) == .update)
        #expect(plan.change(pool)?.after?["network_id"] == .unknown)
    }

    @Test func createBeforeDestroyTypesReplaceNewFirst() async throws {
        let provider = FakeProvider()
        let disk = ResourceSnapshot(address: "storage.d.fake_disk.main", type: "fake_disk", id: "d-1",
                                    attributes: ["size": 10, "id": "d-1"])
        await provider.seed(disk)
        let store = MemoryStore(StateDocument(serial: 1, lineage: "L", resources: [
            ResourceState(address: disk.address, type: "fake_disk", provider: "fake", id: "d-1", attributes: disk.attributes),
        ]))
        let plan = try await Fixtures.engine(provider, store)
            .plan(resources: [Fixtures.resource("storage.d.fake_disk.main", "fake_disk", ["size": 20])])
        #expect(plan.action("storage.d.fake_disk.main") == .createThenDelete)
    }

    @Test func resourcesNoLongerDesiredAreDeleted() async throws {
        let provider = FakeProvider()
        let engine = Fixtures.engine(provider, await stateWithBoth(provider))
        let plan = try await engine.plan(resources: [Fixtures.networkAndPool[0]])
        #expect(plan.action(pool) == .delete)
        #expect(plan.change(pool)?.dependencies == [ResourceAddress(network)])
        #expect(PlanTextRenderer().summaryLine(plan.summary) == "Plan: 0 to add, 0 to change, 1 to destroy.")
    }

    @Test func sensitiveValuesAreRedactedInText() async throws {
        let provider = FakeProvider()
        var desired = Fixtures.networkAndPool
        desired[1].attributes["token"] = "s3cret"
        let plan = try await Fixtures.engine(provider, MemoryStore()).plan(resources: desired)
        let text = PlanTextRenderer().render(plan)
        #expect(text.contains("token"))
        #expect(text.contains("(sensitive)"))
        #expect(!text.contains("s3cret"))
    }

    @Test func cycleIsAnErrorWithThePath() async throws {
        let a = Fixtures.resource("x.a.fake_node.main", "fake_node", ["peer": Fixtures.ref("x.b.fake_node.main")])
        let b = Fixtures.resource("x.b.fake_node.main", "fake_node", ["peer": Fixtures.ref("x.a.fake_node.main")])
        await #expect {
            _ = try await Fixtures.engine(FakeProvider(), MemoryStore()).plan(resources: [a, b])
        } throws: { error in
            guard case EngineError.dependencyCycle(let path) = error else { return false }
            let text = "\(error)"
            return path.count == 3 && path.first == path.last
                && (text.contains("x.a.fake_node.main → x.b.fake_node.main")
                    || text.contains("x.b.fake_node.main → x.a.fake_node.main"))
        }
    }
}
