import GantryBasics
import GantryEngine
import GantryReconcile
import GantryState
import Testing

/// Items marked `protect: true` are never deleted or replaced by reconcile, even after they
/// leave the spec.
@Suite struct DeleteProtectionTests {
    private func change(_ address: ResourceAddress, _ action: ChangeAction, origin: ResourceAddress? = nil) -> ResourceChange {
        ResourceChange(address: address, type: "sim_bucket", name: "main", provider: "sim", origin: origin, action: action)
    }

    private func state(protected: [String], resources: [ResourceAddress]) -> StateDocument {
        StateDocument(lineage: "l", resources: resources.map {
            ResourceState(address: $0, type: "sim_bucket", provider: "sim", id: "id", attributes: [:])
        }, metadata: [DeleteProtection.stateKey: .array(protected.map(Value.string))])
    }

    @Test func itemPathsDropTheRegionKeyAndTheResourcePart() {
        #expect(DeleteProtection.itemPath(of: "node_pools.h100[us-east-1].sim_node_group.main") == "node_pools.h100")
        #expect(DeleteProtection.itemPath(of: "storage.data.sim_bucket.main") == "storage.data")
        #expect(DeleteProtection.itemPath(of: "networks.main[eu-central-1]") == "networks.main")
    }

    @Test func protectedDeletesAreKeptAndReplacementsListed() {
        let protection = DeleteProtection(marked: ["storage.data"], declared: ["storage.data", "storage.tmp"], state: nil)
        var plan = Plan(stateSerial: 1, stateLineage: "l", changes: [
            change("storage.data.sim_bucket.main", .delete),
            change("storage.data.sim_bucket.logs", .deleteThenCreate),
            change("storage.tmp.sim_bucket.main", .delete),
            change("storage.data.sim_bucket.tags", .update),
        ])
        let outcome = protection.guard(&plan)
        #expect(outcome.kept == ["storage.data.sim_bucket.main"])
        #expect(outcome.replacements == ["storage.data.sim_bucket.logs"])
        #expect(plan.changes.map(\.address) == ["storage.data.sim_bucket.logs", "storage.tmp.sim_bucket.main",
                                                "storage.data.sim_bucket.tags"])
    }

    @Test func theRecordedMarkOutlivesTheItemWhileTheStateHoldsItsResources() {
        let before = state(protected: ["storage.data", "storage.gone"], resources: ["storage.data.sim_bucket.main"])
        // The item left the spec: still protected, because the state holds its bucket.
        let removed = DeleteProtection(marked: [], declared: ["networks.main"], state: before)
        #expect(removed.items == ["storage.data"])
        #expect(removed.covers(change("storage.data.sim_bucket.main", .delete)))
        // Declared again without the mark: the user lifted the protection.
        let lifted = DeleteProtection(marked: [], declared: ["storage.data"], state: before)
        #expect(lifted.items.isEmpty)
        #expect(removed.stateValue == .array([.string("storage.data")]))
    }

    @Test func theOriginDecidesWhenTheAddressDoesNotFollowTheItem() {
        let protection = DeleteProtection(marked: ["resources.extra"], declared: ["resources.extra"], state: nil)
        #expect(protection.covers(change("legacy.bucket", .delete, origin: "resources.extra")))
        #expect(!protection.covers(change("legacy.bucket", .delete)))
    }
}
