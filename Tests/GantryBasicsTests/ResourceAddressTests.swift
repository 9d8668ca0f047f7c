import Testing
import GantryBasics

@Suite struct ResourceAddressTests {
    @Test func itemAndChildAddresses() {
        let pool = ResourceAddress.item(kind: "node_pools", name: "h100-train", key: "us-east-1")
        #expect(pool.rawValue == "node_pools.h100-train[us-east-1]")
        #expect(pool.child(type: "sim_node_group", name: "main").rawValue
                == "node_pools.h100-train[us-east-1].sim_node_group.main")
        #expect(ResourceAddress.item(kind: "networks", name: "train").rawValue == "networks.train")
    }

    @Test func valueReferencesAreCollectedInStableOrder() {
        let a = Value.Reference(address: "networks.train", attribute: "vpc_id")
        let b = Value.Reference(address: "storage.datasets", attribute: "id")
        let v: Value = .object(["z": .reference(b), "a": .array([.reference(a), 1])])
        #expect(v.references == [a, b])
        #expect(v.containsUnknown)
        #expect(!Value.object(["x": 1]).containsUnknown)
    }
}
