import GantryBasics
import GantryEngine
import GantryProviderKit
import GantryState

/// Small builders shared by the engine tests.
enum Fixtures {
    static func resource(_ address: String, _ type: String, _ attributes: [String: Value] = [:],
                         dependsOn: [ResourceAddress] = [], provider: String = "fake") -> ResourceConfig {
        let addr = ResourceAddress(address)
        return ResourceConfig(address: addr, type: type, name: addr.rawValue.split(separator: ".").last.map(String.init) ?? address,
                              provider: provider, attributes: attributes, dependsOn: dependsOn,
                              origin: ResourceAddress(address.split(separator: ".").prefix(2).joined(separator: ".")))
    }

    static func ref(_ address: String, _ attribute: String = "id") -> Value {
        .reference(.init(address: ResourceAddress(address), attribute: attribute))
    }

    /// A network and a pool on it, the smallest realistic pair.
    static var networkAndPool: [ResourceConfig] {
        [
            resource("networks.train.fake_network.main", "fake_network", ["cidr": "10.0.0.0/16"]),
            resource("node_pools.gpu.fake_pool.main", "fake_pool",
                     ["gpu": "H100", "nodes": 2, "network_id": ref("networks.train.fake_network.main")]),
        ]
    }

    static func engine(_ provider: FakeProvider, _ store: MemoryStore, observer: (any EngineObserver)? = nil,
                       spans: SpanRecorder? = nil) -> Engine {
        Engine(providers: [provider.name: provider], store: store, observer: observer, spans: spans)
    }
}

extension Plan {
    func action(_ address: String) -> ChangeAction? {
        changes.first { $0.address.rawValue == address }?.action
    }

    func change(_ address: String) -> ResourceChange? { changes.first { $0.address.rawValue == address } }
}
