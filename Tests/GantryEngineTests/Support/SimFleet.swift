import Foundation
import GantryBasics
import GantryEngine
import GantryProviderKit
import GantryState
import SimProvider

/// A simulated cloud in a temporary folder and an engine on it, for the capacity
/// failover tests: one EFA network with cluster placement and H100/H200 pools on it.
struct SimFleet {
    let directory: String
    let sim: SimProvider
    let store: MemoryStore
    let engine: Engine

    /// - Parameter config: the sim's settings (`drained`, `quotas`, `capacity`; regions
    ///   default to us-east-1).
    init(_ config: [String: Value]) throws {
        let directory = NSTemporaryDirectory() + "gantry-fleet-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try self.init(directory: directory, store: MemoryStore(), config: config)
    }

    private init(directory: String, store: MemoryStore, config: [String: Value]) throws {
        self.directory = directory
        self.store = store
        var settings = config
        settings["regions"] = settings["regions"] ?? ["us-east-1"]
        sim = try SimProvider(workingDirectory: directory, config: settings)
        engine = Engine(providers: ["sim": sim], store: store)
    }

    /// The same cloud and state under other settings (capacity back, a quota raised).
    static func reopen(_ fleet: SimFleet, _ config: [String: Value]) throws -> SimFleet {
        try SimFleet(directory: fleet.directory, store: fleet.store, config: config)
    }

    func remove() { try? FileManager.default.removeItem(atPath: directory) }

    static let network = IntentItem(
        address: "networks.train", kind: "networks", name: "train", region: "us-east-1", provider: "sim",
        attributes: ["cidr": "10.0.0.0/16", "interconnect": ["fabric": "efa", "placement": "cluster"]])

    /// A training pool of `desired` 8-GPU nodes that may take H100 or H200.
    static func pool(_ name: String = "h100-train", desired: Int = 2, markets: [String] = ["spot", "on-demand"],
                     zones: [String] = ["us-east-1a", "us-east-1b"]) -> IntentItem {
        IntentItem(
            address: ResourceAddress("node_pools.\(name)"), kind: "node_pools", name: name, region: "us-east-1",
            provider: "sim",
            attributes: [
                "network": "train",
                "gpu": ["model": ["H100", "H200"], "count": 8],
                "nodes": ["min": 0, "max": 8, "desired": .int(desired)],
                "capacity": ["markets": .array(markets.map(Value.string)),
                             "zones": .array(zones.map(Value.string)), "regions": ["us-east-1"]],
            ],
            dependsOn: ["networks.train"])
    }

    /// The node group a pool is lowered to.
    static func group(_ name: String = "h100-train") -> ResourceAddress {
        ResourceAddress("node_pools.\(name).sim_node_group.main")
    }

    func plan(_ pools: [IntentItem], now: Double? = nil) async throws -> Plan {
        var options = PlanOptions()
        options.now = now
        return try await engine.plan([Self.network] + pools, options: options)
    }

    func apply(_ pools: [IntentItem], now: Double? = nil) async throws -> ApplyReport {
        var options = ApplyOptions()
        options.now = now
        return try await engine.apply(try await plan(pools, now: now), options: options)
    }

    /// The recorded attributes of a resource.
    func recorded(_ address: ResourceAddress) async -> [String: Value]? {
        await store.document?.resources.first { $0.address == address }?.attributes
    }

    var metadata: [String: Value] {
        get async { await store.document?.metadata ?? [:] }
    }
}
