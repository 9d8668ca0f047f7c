import Foundation
import GantryBasics
import GantryEngine
import GantryProviderKit
import GantryState
import Testing

@Suite struct StateIntegrationTests {
    @Test func secretsAreStoredAsDigestsAndStillCompareEqual() async throws {
        let provider = FakeProvider(), store = MemoryStore()
        let engine = Fixtures.engine(provider, store)
        var desired = Fixtures.networkAndPool
        desired[1].attributes["token"] = "s3cret"
        try await Fixtures.apply(desired, engine)
        let record = try #require(await store.document?.resources.first { $0.type == "fake_pool" })
        #expect(record.attributes["token"].map(Redaction.isDigest) == true)
        #expect(record.sensitivePaths == ["token"])
        // The unchanged secret is no change; a new secret is an update that shows no value.
        #expect(!(try await engine.plan(resources: desired)).hasChanges)
        desired[1].attributes["token"] = "n3w"
        let plan = try await engine.plan(resources: desired)
        #expect(plan.action("node_pools.gpu.fake_pool.main") == .update)
        let text = PlanTextRenderer().render(plan)
        #expect(text.contains("~ token      = (sensitive) -> (sensitive)"))
        #expect(!text.contains("n3w") && !text.contains("sha256:"))
    }

    @Test func applyCommitsThroughTheLocalBackend() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gantry-engine-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let provider = FakeProvider()
        let engine = Engine(providers: ["fake": provider], store: LocalStateStore(directory: directory))
        let report = try await Fixtures.apply(Fixtures.tree(50), engine)
        #expect(report.status == .succeeded)
        let reloaded = try #require(try await LocalStateStore(directory: directory).load())
        #expect(reloaded.serial == 1)
        #expect(reloaded.resources.count == 50)
        #expect(reloaded.pendingCreates.isEmpty)
        let again = Engine(providers: ["fake": provider], store: LocalStateStore(directory: directory))
        #expect(!(try await again.plan(resources: Fixtures.tree(50))).hasChanges)
    }

    @Test func nestedSecretPathsHideTheirWholeAttribute() async throws {
        let types = [ResourceTypeSchema(name: "fake_node", computed: ["id"], sensitive: ["auth.token"])]
        let provider = FakeProvider(types: types), store = MemoryStore()
        let engine = Fixtures.engine(provider, store)
        let node = Fixtures.resource("x.a.fake_node.main", "fake_node", ["auth": ["user": "ops", "token": "s3cret"]])
        let plan = try await engine.plan(resources: [node])
        let text = PlanTextRenderer().render(plan)
        #expect(!text.contains("s3cret"))
        #expect(!PlanJSONRenderer().renderText(plan).contains("s3cret"))
        _ = try await engine.apply(plan)
        let record = try #require(await store.document?.resources.first)
        #expect(record.attributes["auth"].map(Redaction.isDigest) == true)
        #expect(!(try await engine.plan(resources: [node])).hasChanges)
    }
}

/// A store whose state was rebuilt from a crashed first apply's journal: serial 0, and a
/// lineage made up afresh on every load (none was ever committed).
actor ReplayedStore: StateStore {
    var resources: [ResourceState]
    private(set) var committed: StateDocument?

    init(_ resources: [ResourceState]) { self.resources = resources }

    func lock(_ info: LockInfo) async throws {}
    func unlock() async throws {}
    func load() async throws -> StateDocument? {
        committed ?? StateDocument(serial: 0, lineage: UUID().uuidString, resources: resources)
    }
    func append(_ entries: [JournalEntry]) async throws {}
    func commit(_ document: StateDocument) async throws { committed = document }
    func add(_ resource: ResourceState) { resources.append(resource) }
}

@Suite struct UncommittedStateTests {
    let network = ResourceState(address: "networks.train.fake_network.main", type: "fake_network", provider: "fake",
                                id: "net-1", attributes: ["cidr": "10.0.0.0/16", "id": "net-1"])

    @Test func aPlanAppliesToAReplayedStateWhoseLineageIsNotFixedYet() async throws {
        let provider = FakeProvider()
        await provider.seed(ResourceSnapshot(address: network.address, type: network.type, id: network.id,
                                             attributes: network.attributes))
        let store = ReplayedStore([network])
        let engine = Engine(providers: ["fake": provider], store: store)
        let report = try await Fixtures.apply(Fixtures.networkAndPool, engine)
        #expect(report.status == .succeeded)
        #expect(await provider.createdAddresses == ["node_pools.gpu.fake_pool.main"])
        #expect(await store.committed?.serial == 1)
    }

    @Test func aPlanIsRefusedWhenTheReplayedStateChangedUnderIt() async throws {
        let store = ReplayedStore([])
        let engine = Engine(providers: ["fake": FakeProvider()], store: store)
        let plan = try await engine.plan(resources: Fixtures.networkAndPool)
        await store.add(network)
        await #expect(throws: EngineError.self) { _ = try await engine.apply(plan) }
    }
}
