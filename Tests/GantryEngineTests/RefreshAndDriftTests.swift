import GantryBasics
import GantryEngine
import GantryProviderKit
import GantryState
import Testing

@Suite struct RefreshAndDriftTests {
    /// Three networks and three pools applied, then the provider's call log cleared.
    func applied() async throws -> (FakeProvider, MemoryStore, Engine, [ResourceConfig]) {
        let provider = FakeProvider(), store = MemoryStore()
        let engine = Fixtures.engine(provider, store)
        var resources: [ResourceConfig] = []
        for name in ["a", "b", "c"] {
            resources.append(Fixtures.resource("networks.\(name).fake_network.main", "fake_network",
                                               ["cidr": .string("10.\(name.count).0.0/16")]))
            resources.append(Fixtures.resource("node_pools.\(name).fake_pool.main", "fake_pool",
                                               ["gpu": "H100", "nodes": 1,
                                                "network_id": Fixtures.ref("networks.\(name).fake_network.main")]))
        }
        try await Fixtures.apply(resources, engine)
        await provider.clearCalls()
        return (provider, store, engine, resources)
    }

    @Test func refreshMakesOneReadPerResourceType() async throws {
        let (provider, _, engine, _) = try await applied()
        let report = try await engine.refresh()
        #expect(report.resourcesRead == 6)
        #expect(await provider.calls("read").sorted() == ["read fake_network 3", "read fake_pool 3"])
    }

    @Test func driftIsReportedSeparatelyFromPlannedChanges() async throws {
        let (provider, _, engine, resources) = try await applied()
        await provider.remove("node_pools.a.fake_pool.main")
        await provider.mutate("node_pools.b.fake_pool.main", "nodes", 5)
        let plan = try await engine.plan(resources: resources)
        #expect(plan.drift.map(\.address) == ["node_pools.a.fake_pool.main", "node_pools.b.fake_pool.main"])
        #expect(plan.drift.map(\.kind) == [.deleted, .changed])
        #expect(plan.drift[0].summary == "deleted outside Gantry")
        #expect(plan.drift[1].attributeChanges.map(\.name) == ["nodes"])
        // The deleted pool is created again; the changed one is set back.
        #expect(plan.action("node_pools.a.fake_pool.main") == .create)
        #expect(plan.action("node_pools.b.fake_pool.main") == .update)
        let text = PlanTextRenderer().render(plan)
        #expect(text.hasPrefix("Note: Objects have changed outside of Gantry"))
        #expect(text.contains("# node_pools.a.fake_pool.main has been deleted outside Gantry"))
        #expect(text.contains("Plan: 1 to add, 1 to change, 0 to destroy."))
    }

    @Test func refreshFalseSkipsReads() async throws {
        let (provider, _, engine, resources) = try await applied()
        await provider.remove("node_pools.a.fake_pool.main")
        let plan = try await engine.plan(resources: resources, options: PlanOptions(refresh: false))
        #expect(plan.drift.isEmpty)
        #expect(!plan.hasChanges)
        #expect(await provider.calls("read").isEmpty)
    }

    @Test func refreshDropsDeletedResourcesFromState() async throws {
        let (provider, store, engine, _) = try await applied()
        await provider.remove("node_pools.c.fake_pool.main")
        let report = try await engine.refresh()
        #expect(report.drift.map(\.kind) == [.deleted])
        #expect(report.stateSerial == 2)
        #expect(await store.document?.resources.count == 5)
    }

    @Test func pendingCreateFoundInTheCloudIsAdoptedNotDuplicated() async throws {
        let provider = FakeProvider()
        let address = ResourceAddress("networks.train.fake_network.main")
        await provider.seed(ResourceSnapshot(address: address, type: "fake_network", id: "net-42",
                                             attributes: ["cidr": "10.0.0.0/16", "id": "net-42"]))
        let pending: Value = [address.rawValue: ["type": "fake_network", "provider": "fake", "token": "t1"]]
        let store = MemoryStore(StateDocument(serial: 3, lineage: "L", metadata: ["pending_creates": pending]))
        let engine = Fixtures.engine(provider, store)
        let plan = try await engine.plan(resources: [Fixtures.networkAndPool[0]])
        #expect(plan.change(address.rawValue)?.adoptedID == "net-42")
        #expect(plan.action(address.rawValue) == .noOp)
        #expect(await provider.calls("list") == ["list fake_network -"])
        let report = try await engine.apply(plan)
        #expect(report.succeeded.map(\.address) == [address])
        #expect(await provider.calls("create").isEmpty)
        let state = try #require(await store.document)
        #expect(state.resources.map(\.id) == ["net-42"])
        #expect(state.metadata["pending_creates"] == nil)
    }

    @Test func createThatTimedOutIsFoundByTagInsteadOfRetried() async throws {
        let provider = FakeProvider(), store = MemoryStore()
        let address = ResourceAddress("networks.train.fake_network.main")
        await provider.set(timeoutAfterCreate: [address])
        let report = try await Fixtures.apply(Fixtures.networkAndPool, Fixtures.engine(provider, store))
        #expect(report.status == .succeeded)
        #expect(await provider.createdAddresses.filter { $0 == address }.count == 1)
        #expect(await store.document?.resources.count == 2)
    }

    @Test func importRecordsAnExistingResource() async throws {
        let provider = FakeProvider(), store = MemoryStore()
        await provider.seed(ResourceSnapshot(address: "networks.old.fake_network.main", type: "fake_network",
                                             id: "net-7", attributes: ["cidr": "10.9.0.0/16", "id": "net-7"]))
        let engine = Fixtures.engine(provider, store)
        let record = try await engine.importResource(address: "networks.old.fake_network.main", type: "fake_network",
                                                     id: "net-7", provider: "fake")
        #expect(record.id == "net-7")
        #expect(await store.document?.resources.map(\.address) == ["networks.old.fake_network.main"])
        await #expect(throws: EngineError.self) {
            try await engine.importResource(address: "networks.old.fake_network.main", type: "fake_network",
                                            id: "net-7", provider: "fake")
        }
    }
}

@Suite struct RetryingReadsTests {
    @Test func throttledRefreshReadsAreRetried() async throws {
        let provider = FakeProvider(), store = MemoryStore()
        let log = EventLog()
        let engine = Fixtures.engine(provider, store, observer: log)
        try await Fixtures.apply(Fixtures.networkAndPool, engine)
        await provider.set(throttleReads: 2)
        let plan = try await engine.plan(resources: Fixtures.networkAndPool,
                                         options: PlanOptions(retry: Fixtures.fastRetry))
        #expect(!plan.hasChanges)
        let retries = log.all.filter { if case .retrying(_, "read", _, _, _) = $0 { true } else { false } }
        #expect(retries.count == 2)
    }
}
