import GantryBasics
import GantryEngine
import GantryProviderKit
import GantryState
import Testing

@Suite struct WalkerBehaviourTests {
    @Test func concurrencyNeverExceedsTheLimitAndIndependentNodesRunInParallel() async throws {
        let provider = FakeProvider(), store = MemoryStore()
        await provider.set(latency: .milliseconds(5))
        let nodes = (0..<12).map { Fixtures.resource("p.n\($0).fake_node.main", "fake_node") }
        let report = try await Fixtures.apply(nodes, Fixtures.engine(provider, store),
                                              options: ApplyOptions(maxConcurrency: 3, maxBatchSize: 1))
        #expect(report.status == .succeeded)
        let inFlight = await provider.maxInFlight
        #expect(inFlight <= 3)
        #expect(inFlight > 1)
        #expect(report.concurrency["fake"]?.highestInFlight == inFlight)
    }

    @Test func capacityErrorsGoToTheFailoverHook() async throws {
        let provider = FakeProvider(), store = MemoryStore()
        await provider.set(capacityShortUnlessZoneB: ["fake_node"])
        let pool = Fixtures.resource("node_pools.x.fake_node.main", "fake_node", ["zone": "a"])
        let engine = Fixtures.engine(provider, store)

        let reported = try await Fixtures.apply([pool], engine)
        #expect(reported.status == .partial)
        guard case .failed(let error)? = reported.failed.first?.result else {
            Issue.record("the capacity error was not reported")
            return
        }
        #expect(error.code == .capacity)

        let landed = try await Fixtures.apply([pool], engine, options: ApplyOptions(
            retry: Fixtures.fastRetry, capacityFailover: NextZone()))
        #expect(landed.status == .succeeded)
        #expect(await store.document?.resources.first?.attributes["zone"] == "b")
    }

    @Test func deletesWaitForDependentsToBeDeleted() async throws {
        let provider = FakeProvider(), store = MemoryStore()
        let engine = Fixtures.engine(provider, store)
        try await Fixtures.apply(Fixtures.tree(13, fanOut: 3), engine)
        let report = try await engine.apply(try await engine.planDestroy())
        #expect(report.status == .succeeded)
        let order = await provider.deletedAddresses.map(\.rawValue)
        #expect(order.count == 13)
        #expect(order.last == "tree.n0.fake_node.main")
        let position = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        for i in 1..<13 {
            let parent = "tree.n\((i - 1) / 3).fake_node.main"
            #expect((position["tree.n\(i).fake_node.main"] ?? .max) < (position[parent] ?? .min))
        }
    }

    @Test func replacingAReferencedResourceUpdatesItsDependentsWithTheNewID() async throws {
        let provider = FakeProvider(), store = MemoryStore()
        let engine = Fixtures.engine(provider, store)
        try await Fixtures.apply(Fixtures.networkAndPool, engine)
        var desired = Fixtures.networkAndPool
        desired[0].attributes["cidr"] = "10.1.0.0/16"
        let report = try await Fixtures.apply(desired, engine)
        #expect(report.status == .succeeded)
        let state = try #require(await store.document)
        let network = try #require(state.resources.first { $0.type == "fake_network" })
        let pool = try #require(state.resources.first { $0.type == "fake_pool" })
        #expect(pool.attributes["network_id"] == .string(network.id))
        #expect(!(try await engine.plan(resources: desired)).hasChanges)
    }

    @Test func aDestroyTargetTakesItsDependentsAlong() async throws {
        let provider = FakeProvider(), store = MemoryStore()
        let engine = Fixtures.engine(provider, store)
        try await Fixtures.apply(Fixtures.networkAndPool + [Fixtures.resource("x.other.fake_node.main", "fake_node")],
                                 engine)
        let plan = try await engine.planDestroy(options: PlanOptions(targets: ["networks.train"]))
        #expect(plan.changes.map(\.address) == ["networks.train.fake_network.main", "node_pools.gpu.fake_pool.main"])
    }
}

/// Moves a capacity-starved create to zone "b".
struct NextZone: CapacityFailover {
    func alternative(for address: ResourceAddress, type: String, attributes: [String: Value],
                     error: ProviderError, attempt: Int) async -> [String: Value]? {
        attempt == 1 ? ["zone": "b"] : nil
    }
}

@Suite struct ReplacementOrderTests {
    @Test func aDependencyOfACreateBeforeDestroyResourceIsAlsoReplacedNewFirst() async throws {
        let provider = FakeProvider(), store = MemoryStore()
        let engine = Fixtures.engine(provider, store)
        let network = Fixtures.networkAndPool[0]
        let disk = Fixtures.resource("storage.d.fake_disk.main", "fake_disk",
                                     ["size": 10, "network_id": Fixtures.ref(network.address.rawValue)])
        try await Fixtures.apply([network, disk], engine)
        var moved = network
        moved.attributes["cidr"] = "10.9.0.0/16"
        let plan = try await engine.plan(resources: [moved, disk])
        #expect(plan.action(network.address.rawValue) == .createThenDelete)
        #expect(plan.action(disk.address.rawValue) == .createThenDelete)
        #expect(plan.change(disk.address.rawValue)?.replaceReasons == ["network_id"])
        let report = try await engine.apply(plan)
        #expect(report.status == .succeeded)
        // Old disk goes before the old network it was attached to.
        #expect(await provider.deletedAddresses == [disk.address, network.address])
        let state = try #require(await store.document)
        let newNetwork = try #require(state.resources.first { $0.type == "fake_network" })
        #expect(state.resources.first { $0.type == "fake_disk" }?.attributes["network_id"] == .string(newNetwork.id))
        #expect(await provider.cloud.count == 2)
    }
}
