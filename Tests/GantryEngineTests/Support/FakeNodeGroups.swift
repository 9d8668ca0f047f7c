import GantryBasics
import GantryProviderKit

/// A cloud of node groups for rollout tests: groups are kept by id (old and new halves of
/// a replacement live side by side), report `ready_nodes` / `failed_nodes` / `status`, and
/// can be told to never get ready or to fail nodes beyond the first few.
actor FakeNodeGroups: Provider {
    nonisolated let name = "groups"
    static let type = "fake_group"

    private(set) var groups: [String: ResourceSnapshot] = [:]
    /// `create ID 4`, `update ID 2`, `delete ID` for every mutating call, in order.
    private(set) var log: [String] = []
    private var nextID = 1
    /// New nodes never boot: groups made from now on stay `SCALING` with no ready nodes.
    var neverReady = false
    /// Nodes beyond the first `healthyNodes` of groups made from now on fail.
    var healthyNodes: Int?
    private var faulty: Set<String> = []

    func set(neverReady: Bool) { self.neverReady = neverReady }
    func set(healthyNodes: Int?) { self.healthyNodes = healthyNodes }

    /// A group tagged with `address` that Gantry never recorded (an interrupted rollout's).
    func seedLeftover(_ address: ResourceAddress, id: String) {
        groups[id] = snapshot(address, id: id, ["instance_type": "p5en.48xlarge", "desired_size": 4])
    }

    nonisolated func schema() async throws -> ProviderSchema {
        ProviderSchema(resourceTypes: [
            ResourceTypeSchema(name: Self.type, forceNew: ["instance_type"],
                               computed: ["id", "ready_nodes", "failed_nodes", "status"], createBeforeDestroy: true),
        ])
    }

    nonisolated func configure(_ request: ConfigureRequest) async throws {}

    func lower(_ request: LowerRequest) async throws -> LowerResponse { LowerResponse(resources: [], outputs: [:]) }

    func plan(_ requests: [PlanRequest]) async throws -> [PlanResponse] {
        requests.map { request in
            var planned = request.proposed
            let changed = request.prior.map { prior in planned.contains { prior[$0.key] != $0.value } } ?? true
            for key in ["id", "ready_nodes", "failed_nodes", "status"] {
                planned[key] = changed && key != "id" ? .unknown : request.prior?[key] ?? .unknown
            }
            let replace = request.prior.map { $0["instance_type"] != planned["instance_type"] } == true
                ? ["instance_type"] : []
            return PlanResponse(address: request.address, planned: planned, requiresReplace: replace)
        }
    }

    func create(_ requests: [CreateRequest]) async -> [OperationResult] {
        requests.map { request in
            let id = "group-\(nextID)"
            nextID += 1
            if neverReady || healthyNodes != nil { faulty.insert(id) }
            let size = request.attributes["desired_size"]?.intValue ?? 0
            log.append("create \(id) \(size)")
            groups[id] = snapshot(request.address, id: id, request.attributes)
            return .success(groups[id] ?? snapshot(request.address, id: id, request.attributes))
        }
    }

    func update(_ requests: [UpdateRequest]) async -> [OperationResult] {
        requests.map { request in
            guard groups[request.id] != nil else {
                return .failure(request.address, ProviderError(.notFound, "no group \(request.id)"))
            }
            log.append("update \(request.id) \(request.attributes["desired_size"]?.intValue ?? 0)")
            groups[request.id] = snapshot(request.address, id: request.id, request.attributes)
            return .success(groups[request.id] ?? snapshot(request.address, id: request.id, request.attributes))
        }
    }

    func delete(_ requests: [DeleteRequest]) async -> [OperationResult] {
        requests.map { request in
            log.append("delete \(request.id)")
            groups[request.id] = nil
            return .deleted(request.address)
        }
    }

    func read(_ request: ReadRequest) async throws -> [ReadResult] {
        request.items.map { item in groups[item.id].map { .found($0) } ?? .notFound(item.address) }
    }

    func list(_ request: ListRequest) async throws -> [ResourceSnapshot] {
        groups.values.sorted { $0.id < $1.id }
    }

    /// The group as the cloud reports it: ready and failed nodes from its health.
    private func snapshot(_ address: ResourceAddress, id: String, _ attributes: [String: Value]) -> ResourceSnapshot {
        var out = attributes.filter { !["ready_nodes", "failed_nodes", "status"].contains($0.key) }
        out["id"] = .string(id)
        let size = attributes["desired_size"]?.intValue ?? 0
        var ready = size, failed = 0, status = "ACTIVE"
        if faulty.contains(id) {
            if neverReady {
                ready = 0
                status = "SCALING"
            } else if let healthy = healthyNodes {
                ready = min(size, healthy)
                failed = size - ready
                status = failed > 0 ? "DEGRADED" : "ACTIVE"
            }
        }
        out["ready_nodes"] = .int(ready)
        out["failed_nodes"] = .int(failed)
        out["status"] = .string(status)
        return ResourceSnapshot(address: address, type: Self.type, id: id, attributes: out)
    }
}
