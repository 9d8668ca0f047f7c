import GantryBasics
@testable import GantryEngine
import GantryProviderKit
import GantryState
import Testing

/// The shortcuts a plan of mostly unchanged resources takes (no-op changes built directly,
/// read answers matched by position, planned values by index) must still see every
/// difference: a changed attribute, drift, a deleted resource, a moved reference.
@Suite struct UnchangedPlanTests {
    /// Fake types whose plan is a pure diff, so unchanged resources take the no-op path.
    static let pureDiffTypes = FakeProvider.defaultTypes.map { type -> ResourceTypeSchema in
        var t = type
        t.unchangedIsNoOp = true
        return t
    }

    /// Three networks and three pools (each on its network) applied, the call log cleared.
    func applied(types: [ResourceTypeSchema] = pureDiffTypes) async throws
        -> (FakeProvider, Engine, [ResourceConfig])
    {
        let provider = FakeProvider(types: types)
        let engine = Fixtures.engine(provider, MemoryStore())
        var resources: [ResourceConfig] = []
        for name in ["a", "b", "c"] {
            resources.append(Fixtures.resource("networks.\(name).fake_network.main", "fake_network",
                                               ["cidr": .string("10.\(name.utf8.first ?? 0).0.0/16")]))
            resources.append(Fixtures.resource("node_pools.\(name).fake_pool.main", "fake_pool",
                                               ["gpu": "H100", "nodes": 1, "token": "s3cret",
                                                "network_id": Fixtures.ref("networks.\(name).fake_network.main")]))
        }
        try await Fixtures.apply(resources, engine)
        await provider.clearCalls()
        return (provider, engine, resources)
    }

    @Test func anUnchangedSpecIsAllNoOpsWithoutPlanCalls() async throws {
        let (provider, engine, resources) = try await applied()
        let plan = try await engine.plan(resources: resources)
        #expect(!plan.hasChanges)
        #expect(plan.changes.map(\.action) == Array(repeating: .noOp, count: 6))
        #expect(await provider.calls("plan").isEmpty)
        // The secret is compared through its digest and shown as planned, unredacted.
        let pool = try #require(plan.change("node_pools.a.fake_pool.main"))
        #expect(pool.after?["token"] == "s3cret")
        #expect(pool.before == pool.after)
        #expect(pool.priorID == pool.after?["id"]?.stringValue)
        #expect(pool.dependencies == ["networks.a.fake_network.main"])
        #expect(pool.config?["network_id"] == Fixtures.ref("networks.a.fake_network.main"))
    }

    @Test func oneChangedAttributeAmongUnchangedOnesIsAnUpdate() async throws {
        let (_, engine, resources) = try await applied()
        var desired = resources
        desired[3].attributes["nodes"] = 3
        let plan = try await engine.plan(resources: desired)
        #expect(plan.action("node_pools.b.fake_pool.main") == .update)
        #expect(plan.change("node_pools.b.fake_pool.main")?.attributeChanges.map(\.name) == ["nodes"])
        #expect(plan.summary == Plan.Summary(change: 1, noOp: 5))
    }

    @Test func aChangedSecretIsAnUpdate() async throws {
        let (_, engine, resources) = try await applied()
        var desired = resources
        desired[1].attributes["token"] = "other"
        let plan = try await engine.plan(resources: desired)
        #expect(plan.action("node_pools.a.fake_pool.main") == .update)
        #expect(plan.summary == Plan.Summary(change: 1, noOp: 5))
    }

    /// A reference moved to another resource resolves to that resource's value.
    @Test func aReferenceMovedToAnotherResourceIsAChange() async throws {
        let (_, engine, resources) = try await applied()
        var desired = resources
        desired[1].attributes["network_id"] = Fixtures.ref("networks.c.fake_network.main")
        let plan = try await engine.plan(resources: desired)
        let change = try #require(plan.change("node_pools.a.fake_pool.main"))
        #expect(change.action == .update)
        #expect(change.attributeChanges.map(\.name) == ["network_id"])
        #expect(change.dependencies == ["networks.c.fake_network.main"])
    }

    /// A pool whose network is replaced gets an unknown network id: not unchanged, though
    /// its own attributes are as recorded.
    @Test func aReferenceToAReplacedResourceIsNotUnchanged() async throws {
        let (_, engine, resources) = try await applied()
        var desired = resources
        desired[0].attributes["cidr"] = "10.200.0.0/16"
        let plan = try await engine.plan(resources: desired)
        #expect(plan.action("networks.a.fake_network.main") == .deleteThenCreate)
        #expect(plan.action("node_pools.a.fake_pool.main") != .noOp)
        #expect(plan.change("node_pools.a.fake_pool.main")?.after?["network_id"] == .unknown)
        #expect(plan.action("node_pools.b.fake_pool.main") == .noOp)
    }

    /// Without secrets, the shortcut compares a config's references resolved one by one:
    /// the same verdict as resolving them all first.
    @Test func comparingResolvedAsComparedAgreesWithResolvingFirst() {
        let prior: [String: Value] = ["id": "p-1", "net": "n-1", "size": 2]
        let resolve: (Value) -> Value = { $0 == Fixtures.ref("n.a.fake_network.main") ? "n-1" : .unknown }
        let configs: [[String: Value]] = [
            ["net": Fixtures.ref("n.a.fake_network.main"), "size": 2],
            ["net": Fixtures.ref("n.b.fake_network.main"), "size": 2],
            ["net": Fixtures.ref("n.a.fake_network.main"), "size": 3],
            ["net": Fixtures.ref("n.a.fake_network.main")],
            ["net": "n-1", "size": 2, "extra": true],
        ]
        for config in configs {
            let resolved = config.mapValues { $0.containsUnknown ? resolve($0) : $0 }
            #expect(Planner.isUnchanged(config, prior: prior, computed: ["id"], resolving: resolve)
                    == Planner.isUnchanged(resolved, prior: prior, computed: ["id"]))
        }
        #expect(Planner.isUnchanged(configs[0], prior: prior, computed: ["id"], resolving: resolve))
    }

    /// Read answers are matched to resources by position when in order, and by address
    /// when not: reversed answers find the same drift.
    @Test(arguments: [false, true])
    func driftIsFoundWhateverOrderReadsAnswerIn(reversed: Bool) async throws {
        let (provider, engine, resources) = try await applied()
        await provider.set(reverseReads: reversed)
        await provider.remove("node_pools.a.fake_pool.main")
        await provider.mutate("node_pools.c.fake_pool.main", "nodes", 7)
        let plan = try await engine.plan(resources: resources)
        #expect(plan.drift.map(\.address) == ["node_pools.a.fake_pool.main", "node_pools.c.fake_pool.main"])
        #expect(plan.drift.map(\.kind) == [.deleted, .changed])
        #expect(plan.drift[1].attributeChanges.map(\.name) == ["nodes"])
        #expect(plan.action("node_pools.a.fake_pool.main") == .create)
        #expect(plan.action("node_pools.c.fake_pool.main") == .update)
        #expect(plan.summary == Plan.Summary(add: 1, change: 1, noOp: 4))
    }

    @Test func aResourceLeftOutOfTheSpecIsDeleted() async throws {
        let (_, engine, resources) = try await applied()
        let plan = try await engine.plan(resources: resources.filter { $0.address != "node_pools.b.fake_pool.main" })
        #expect(plan.action("node_pools.b.fake_pool.main") == .delete)
        #expect(plan.summary == Plan.Summary(destroy: 1, noOp: 5))
    }

    /// `Planner.noOp` is a shortcut for what `decide` makes of an unchanged resource; with a
    /// secret stored as a digest, a computed id and force-new attributes, they agree.
    @Test func theNoOpShortcutAgreesWithDecide() throws {
        let schema = try #require(Self.pureDiffTypes.first { $0.name == "fake_pool" })
        let config = Fixtures.resource("node_pools.x.fake_pool.main", "fake_pool",
                                       ["gpu": "H100", "nodes": 2, "token": "s3cret"])
        let recorded: [String: Value] = ["gpu": "H100", "nodes": 2, "id": "pool-9",
                                         "token": Redaction.digest("s3cret")]
        let prior = ResourceState(address: config.address, type: "fake_pool", provider: "fake", id: "pool-9",
                                  attributes: recorded)
        let attributes = Secrets.unredacted(recorded, using: config.attributes, sensitive: schema.sensitive)
        #expect(Planner.isUnchanged(config.attributes, prior: attributes, computed: schema.computed))
        let planner = Planner(providers: [:], tracer: Tracer(observer: nil, recorder: nil))
        let decided = planner.decide(config, dependencies: ["networks.x.fake_network.main"], proposed: config.attributes,
                                     response: PlanResponse(address: config.address, planned: attributes),
                                     prior: prior, schema: schema)
        let shortcut = Planner.noOp(config, dependencies: ["networks.x.fake_network.main"], attributes: attributes,
                                    priorID: prior.id, schema: schema)
        #expect(shortcut == decided)
        #expect(shortcut.action == .noOp)
    }

    /// Dependencies come in attribute-name order, then `dependsOn`, each once — also past
    /// the count where duplicates are found by hashing instead of searching.
    @Test(arguments: [3, 40])
    func dependenciesAreOrderedAndUnique(explicit: Int) {
        let explicitDeps = (0..<explicit).map { ResourceAddress("d.n\($0).fake_node.main") }
        let config = Fixtures.resource("a.b.fake_node.main", "fake_node", [
            "zeta": Fixtures.ref("r.z.fake_node.main"),
            "alpha": .array([Fixtures.ref("r.a.fake_node.main"), Fixtures.ref("r.z.fake_node.main")]),
            "plain": "no reference",
        ], dependsOn: explicitDeps + explicitDeps + ["r.a.fake_node.main"])
        let expected: [ResourceAddress] = ["r.a.fake_node.main", "r.z.fake_node.main"] + explicitDeps
        #expect(config.dependencies == expected)
    }

    @Test func currentResourcesLookUpByAddressAndReplaceInPlace() {
        func record(_ address: ResourceAddress, id: String) -> ResourceState {
            ResourceState(address: address, type: "fake_node", provider: "fake", id: id, attributes: ["id": .string(id)])
        }
        var current = CurrentResources([record("a.x.fake_node.main", id: "1"), record("a.y.fake_node.main", id: "2")])
        current.set(record("a.x.fake_node.main", id: "3"))
        current.set(record("a.z.fake_node.main", id: "4"))
        #expect(current.records.map(\.id) == ["3", "2", "4"])
        #expect(current.position(of: "a.z.fake_node.main") == 2)
        #expect(current["a.x.fake_node.main"]?.id == "3")
        #expect(current.attributes(at: "a.y.fake_node.main") == ["id": "2"])
        #expect(current.position(of: "a.w.fake_node.main") == nil)
    }
}
