import GantryBasics
import GantryProviderKit

/// An in-memory cloud for engine tests: records every call, and can be told to throttle,
/// fail, time out or be slow.
actor FakeProvider: Provider {
    nonisolated let name: String
    nonisolated let types: [ResourceTypeSchema]

    /// What exists in the fake cloud, by address.
    private(set) var cloud: [ResourceAddress: ResourceSnapshot] = [:]
    /// Every call as `method type count`, in order.
    private(set) var calls: [String] = []
    private(set) var createdAddresses: [ResourceAddress] = []
    private(set) var deletedAddresses: [ResourceAddress] = []
    private var nextID = 1

    /// Answer this many create/update/delete calls with `throttled` before serving them.
    var throttleNextCalls = 0
    private(set) var throttledCount = 0
    /// Creates of these addresses fail with the given code.
    var failures: [ResourceAddress: ProviderError.Code] = [:]
    /// Creates of these addresses time out once, after the resource was in fact created.
    var timeoutAfterCreate: Set<ResourceAddress> = []
    /// Answer this many `read` calls with `throttled` first.
    var throttleNextReads = 0
    /// Answer `read` calls in the reverse of request order (providers need not keep it).
    var reverseReads = false
    /// Creates of these types fail with `capacity` unless their `zone` attribute is "b".
    var capacityShortUnlessZoneB: Set<String> = []
    /// Latency of create/update/delete calls.
    var latency: Duration = .zero
    /// Most create/update/delete calls seen running at the same time.
    private(set) var maxInFlight = 0
    private var inFlight = 0

    init(name: String = "fake", types: [ResourceTypeSchema] = FakeProvider.defaultTypes) {
        self.name = name
        self.types = types
    }

    static let defaultTypes = [
        ResourceTypeSchema(name: "fake_network", forceNew: ["cidr"], computed: ["id"]),
        ResourceTypeSchema(name: "fake_pool", forceNew: ["gpu"], computed: ["id"], sensitive: ["token"]),
        ResourceTypeSchema(name: "fake_disk", forceNew: ["size", "network_id"], computed: ["id"],
                           createBeforeDestroy: true),
        ResourceTypeSchema(name: "fake_node", computed: ["id"]),
    ]

    func set(throttle: Int) { throttleNextCalls = throttle }
    func set(failures: [ResourceAddress: ProviderError.Code]) { self.failures = failures }
    func set(timeoutAfterCreate: Set<ResourceAddress>) { self.timeoutAfterCreate = timeoutAfterCreate }
    func set(latency: Duration) { self.latency = latency }
    func set(throttleReads: Int) { throttleNextReads = throttleReads }
    func set(reverseReads: Bool) { self.reverseReads = reverseReads }
    func set(capacityShortUnlessZoneB types: Set<String>) { capacityShortUnlessZoneB = types }
    func clearCalls() { calls = [] }

    /// Puts a resource in the cloud directly (drift, adoption tests).
    func seed(_ snapshot: ResourceSnapshot) { cloud[snapshot.address] = snapshot }
    func remove(_ address: ResourceAddress) { cloud[address] = nil }
    func mutate(_ address: ResourceAddress, _ key: String, _ value: Value) {
        cloud[address]?.attributes[key] = value
    }

    func calls(_ method: String) -> [String] { calls.filter { $0.hasPrefix(method + " ") } }

    nonisolated func schema() async throws -> ProviderSchema { ProviderSchema(resourceTypes: types) }
    nonisolated func configure(_ request: ConfigureRequest) async throws {}

    /// `networks.x` → one `fake_network.main` exporting `id`; `node_pools.x` → one `fake_pool.main`.
    func lower(_ request: LowerRequest) async throws -> LowerResponse {
        calls.append("lower - \(request.items.count)")
        var resources: [ResourceConfig] = []
        var outputs: [ResourceAddress: [String: Value]] = [:]
        for item in request.items {
            let type = item.kind == "networks" ? "fake_network" : "fake_pool"
            let address = item.address.child(type: type, name: "main")
            resources.append(ResourceConfig(address: address, type: type, name: "main", provider: name,
                                            attributes: item.attributes, dependsOn: item.dependsOn,
                                            origin: item.address, location: item.location))
            outputs[item.address] = ["id": .reference(.init(address: address, attribute: "id"))]
        }
        return LowerResponse(resources: resources, outputs: outputs)
    }

    func plan(_ requests: [PlanRequest]) async throws -> [PlanResponse] {
        calls.append("plan - \(requests.count)")
        return requests.map { request in
            let schema = types.first { $0.name == request.type } ?? ResourceTypeSchema(name: request.type)
            var planned = request.proposed
            for key in schema.computed where planned[key] == nil {
                planned[key] = request.prior?[key] ?? .unknown
            }
            var replace: [String] = []
            if let prior = request.prior {
                replace = schema.forceNew.filter { prior[$0] != planned[$0] }.sorted()
            }
            return PlanResponse(address: request.address, planned: planned, requiresReplace: replace)
        }
    }

    private func enter(_ method: String, _ type: String, _ count: Int) async -> Bool {
        calls.append("\(method) \(type) \(count)")
        inFlight += 1
        maxInFlight = max(maxInFlight, inFlight)
        if latency > .zero { try? await Task.sleep(for: latency) }
        inFlight -= 1
        if throttleNextCalls > 0 {
            throttleNextCalls -= 1
            throttledCount += 1
            return false
        }
        return true
    }

    func create(_ requests: [CreateRequest]) async -> [OperationResult] {
        guard await enter("create", requests.first?.type ?? "-", requests.count) else {
            return requests.map { .failure($0.address, ProviderError(.throttled, "slow down", address: $0.address)) }
        }
        return requests.map { request in
            if capacityShortUnlessZoneB.contains(request.type), request.attributes["zone"] != "b" {
                return .failure(request.address, ProviderError(.capacity, "no capacity in zone "
                                                               + (request.attributes["zone"]?.stringValue ?? "?"),
                                                               address: request.address))
            }
            if let code = failures[request.address] {
                return .failure(request.address, ProviderError(code, "injected \(code.rawValue)", address: request.address))
            }
            var attributes = request.attributes
            let id = "\(request.type)-\(nextID)"
            nextID += 1
            attributes["id"] = .string(id)
            let snapshot = ResourceSnapshot(address: request.address, type: request.type, id: id, attributes: attributes)
            cloud[request.address] = snapshot
            createdAddresses.append(request.address)
            if timeoutAfterCreate.remove(request.address) != nil {
                return .failure(request.address, ProviderError(.timeout, "no answer", address: request.address))
            }
            return .success(snapshot)
        }
    }

    func update(_ requests: [UpdateRequest]) async -> [OperationResult] {
        guard await enter("update", requests.first?.type ?? "-", requests.count) else {
            return requests.map { .failure($0.address, ProviderError(.throttled, "slow down", address: $0.address)) }
        }
        return requests.map { request in
            var attributes = request.attributes
            attributes["id"] = .string(request.id)
            let snapshot = ResourceSnapshot(address: request.address, type: request.type, id: request.id,
                                            attributes: attributes)
            cloud[request.address] = snapshot
            return .success(snapshot)
        }
    }

    func delete(_ requests: [DeleteRequest]) async -> [OperationResult] {
        guard await enter("delete", requests.first?.type ?? "-", requests.count) else {
            return requests.map { .failure($0.address, ProviderError(.throttled, "slow down", address: $0.address)) }
        }
        return requests.map { request in
            // Like a real cloud, delete by id: the new half of a create-before-destroy
            // replacement shares the address and must survive.
            if cloud[request.address]?.id == request.id { cloud[request.address] = nil }
            deletedAddresses.append(request.address)
            return .deleted(request.address)
        }
    }

    func read(_ request: ReadRequest) async throws -> [ReadResult] {
        calls.append("read \(request.type) \(request.items.count)")
        if throttleNextReads > 0 {
            throttleNextReads -= 1
            throw ProviderError(.throttled, "slow down", detail: ["retry_after_ms": 1])
        }
        let results: [ReadResult] = request.items.map { item in
            if let snapshot = cloud[item.address] { return .found(snapshot) }
            return .notFound(item.address)
        }
        return reverseReads ? results.reversed() : results
    }

    func list(_ request: ListRequest) async throws -> [ResourceSnapshot] {
        calls.append("list \(request.type) -")
        return cloud.values.filter { $0.type == request.type }.sorted { $0.address < $1.address }
    }
}
