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

    /// Retries quickly so throttling tests do not wait.
    static let fastRetry = RetryPolicy(maxAttempts: 10, baseDelay: 0.001, maxDelay: 0.01)

    /// A tree of `count` nodes, fan-out `fanOut`: node i references node (i-1)/fanOut.
    static func tree(_ count: Int, fanOut: Int = 10) -> [ResourceConfig] {
        (0..<count).map { i in
            var attributes: [String: Value] = ["index": .int(i)]
            if i > 0 { attributes["parent"] = ref("tree.n\((i - 1) / fanOut).fake_node.main") }
            return resource("tree.n\(i).fake_node.main", "fake_node", attributes)
        }
    }

    /// Plans and applies `resources` against the store's current state.
    @discardableResult
    static func apply(_ resources: [ResourceConfig], _ engine: Engine,
                      options: ApplyOptions = ApplyOptions(retry: fastRetry)) async throws -> ApplyReport {
        let plan = try await engine.plan(resources: resources)
        return try await engine.apply(plan, options: options)
    }
}

extension Plan {
    func action(_ address: String) -> ChangeAction? {
        changes.first { $0.address.rawValue == address }?.action
    }

    func change(_ address: String) -> ResourceChange? { changes.first { $0.address.rawValue == address } }
}
