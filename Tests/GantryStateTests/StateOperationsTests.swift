import Testing
import GantryBasics
@testable import GantryState

@Suite struct StateOperationsTests {
    private var document: StateDocument {
        var d = StateDocument(serial: 4, lineage: "L")
        for address: ResourceAddress in [
            "networks.train.sim_network.main",
            "node_pools.a[us-east-1].sim_node_group.main",
            "node_pools.a[us-west-2].sim_node_group.main",
            "node_pools.a-old.sim_node_group.main",
            "node_pools.ab.sim_node_group.main",
        ] {
            d.apply(.put(Fixtures.resource(address, dependencies: address.rawValue.hasPrefix("node_pools")
                ? ["networks.train.sim_network.main"] : [])))
        }
        return d
    }

    @Test func addressesUnderAnItemIncludeEveryInstanceButNotLookalikes() {
        #expect(document.addresses(under: "node_pools.a") == [
            "node_pools.a[us-east-1].sim_node_group.main", "node_pools.a[us-west-2].sim_node_group.main",
        ])
        #expect(document.addresses(under: "networks.train.sim_network.main") == ["networks.train.sim_network.main"])
        #expect(document.addresses(under: "node_pools.zz").isEmpty)
    }

    @Test func removeDropsTheResourcesAndDependenciesOnThem() throws {
        let after = try document.removing(address: "networks.train")
        #expect(after.resource(at: "networks.train.sim_network.main") == nil)
        #expect(after.resources.allSatisfy { $0.dependencies.isEmpty })
        #expect(after.serial == document.serial)
        #expect(after.nextSerial().serial == 5)
    }

    @Test func moveRenamesInstancesAndFollowsReferences() throws {
        let after = try document.moving(from: "networks.train", to: "networks.training")
        #expect(after.resource(at: "networks.training.sim_network.main") != nil)
        #expect(after.resource(at: "networks.train.sim_network.main") == nil)
        #expect(after.resource(at: "node_pools.ab.sim_node_group.main")?.dependencies
                == ["networks.training.sim_network.main"])
        let pools = try document.moving(from: "node_pools.a", to: "node_pools.b")
        #expect(pools.addresses(under: "node_pools.b").count == 2)
        #expect(pools.resources.map(\.address) == pools.resources.map(\.address).sorted())
    }

    @Test func moveOntoAnExistingAddressIsRefused() {
        #expect {
            _ = try document.moving(from: "node_pools.a-old", to: "node_pools.ab")
        } throws: { ($0 as? StateError)?.kind == .alreadyExists(address: "node_pools.ab.sim_node_group.main") }
    }

    @Test func missingAddressesAreNamed() {
        #expect {
            _ = try document.removing(address: "node_pools.nope")
        } throws: { error in
            guard let error = error as? StateError, case .notFound(let address, _) = error.kind else { return false }
            return address == "node_pools.nope" && error.description.contains("no resource in state at node_pools.nope")
        }
    }

    @Test func aMistypedAddressGetsASuggestion() {
        #expect {
            _ = try document.moving(from: "networks.trian.sim_network.main", to: "networks.x")
        } throws: { error in
            guard let error = error as? StateError else { return false }
            return error.kind == .notFound(address: "networks.trian.sim_network.main",
                                           suggestion: "networks.train.sim_network.main")
                && error.description.hasSuffix("hint: did you mean networks.train.sim_network.main?")
        }
    }

    @Test func importRefusesATakenAddress() throws {
        let fresh = Fixtures.resource("storage.x.sim_bucket.main")
        let after = try document.importing(fresh)
        #expect(after.resource(at: fresh.address) == fresh)
        #expect(throws: StateError.self) { try after.importing(fresh) }
    }

    @Test func savedPlanChecksLineageAndSerial() throws {
        try document.checkSame(lineage: "L", serial: 4)
        #expect { try document.checkSame(lineage: "M", serial: 4) } throws: { ($0 as? StateError)?.code == "lineage-mismatch" }
        #expect { try document.checkSame(lineage: "L", serial: 3) } throws: { ($0 as? StateError)?.code == "stale-serial" }
    }

    @Test func replayKeepsPendingCreatesUntilTheyResolve() {
        let replayed = document.applying([
            .intent(address: "x.a", type: "t", provider: "sim", token: "ta"),
            .intent(address: "x.b", type: "t", provider: "sim", token: "tb"),
            .put(Fixtures.resource("x.a")),
            .intent(address: "x.c", type: "t", provider: "sim", token: "tc"),
            .remove("x.c"),
        ])
        #expect(replayed.pendingCreates.map(\.address) == ["x.b"])
        #expect(replayed.resource(at: "x.a") != nil)
        var stepwise = document
        for entry in [JournalEntry.intent(address: "x.b", type: "t", provider: "sim", token: "tb"),
                      .put(Fixtures.resource("x.a"))] { stepwise.apply(entry) }
        #expect(stepwise.pendingCreates.map(\.token) == ["tb"])
        #expect(stepwise.resources.map(\.address) == stepwise.resources.map(\.address).sorted())
    }
}

@Suite struct InMemoryStateStoreTests {
    @Test func replaysAppendsUntilCommitted() async throws {
        let store = InMemoryStateStore()
        #expect(try await store.load() == nil)
        try await store.append([.put(Fixtures.resource("a.x"))])
        let first = try #require(try await store.load())
        #expect(first.resources.map(\.address) == ["a.x"])
        #expect(try await store.load()?.lineage == first.lineage)
        try await store.commit(first.nextSerial())
        #expect(await store.journal.isEmpty)
        await #expect { try await store.commit(first) } throws: { ($0 as? StateError)?.code == "stale-serial" }
    }
}
