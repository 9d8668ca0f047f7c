import GantryBasics
import GantryProviderKit
import GantryState

extension Engine {
    /// Updates state from the cloud in batched reads (one `read` per provider per
    /// resource type) and commits it when anything drifted.
    ///
    /// Resources gone from the cloud are dropped from state; changed attributes are
    /// recorded. `options.targets` / `excludes` narrow what is read.
    public func refresh(options: PlanOptions = PlanOptions()) async throws(EngineError) -> RefreshReport {
        guard let state = try await loadState() else {
            return RefreshReport(drift: [], resourcesRead: 0, stateSerial: 0)
        }
        let scope = try PlanScope(desired: [], dependencies: [], prior: state.resources, options: options, destroy: false)
        let selected = state.resources.filter { scope.contains($0.address) }
        let refreshed = try await run(.refresh, resources: selected.count) { tracer throws(EngineError) in
            try await readBack(selected, options: options, tracer: tracer)
        }
        guard !refreshed.drift.isEmpty else {
            return RefreshReport(drift: [], resourcesRead: selected.count, stateSerial: state.serial)
        }
        var byAddress: [ResourceAddress: ResourceState] = [:]
        for resource in state.resources { byAddress[resource.address] = resource }
        for entry in refreshed.drift where entry.kind == .deleted { byAddress[entry.address] = nil }
        for resource in refreshed.resources { byAddress[resource.address] = resource }
        var next = state
        next.serial += 1
        next.resources = byAddress.values.sorted { $0.address < $1.address }
        try await commit(next)
        return RefreshReport(drift: refreshed.drift, resourcesRead: selected.count, stateSerial: next.serial)
    }

    /// Brings an existing cloud resource under Gantry's management (`gantry import ADDRESS ID`).
    ///
    /// Reads it by id and records it at `address`, committing the state (serial + 1).
    /// - Throws: `EngineError.importFailed` when the address is already managed or the
    ///   resource does not exist.
    @discardableResult
    public func importResource(address: ResourceAddress, type: String, id: String,
                               provider providerName: String) async throws(EngineError) -> ResourceState {
        guard let provider = providers[providerName] else {
            throw .unknownProvider(name: providerName, address: address)
        }
        let state = try await loadState()
        if let existing = state?.resources.first(where: { $0.address == address }) {
            throw .importFailed(address: address, reason: "it already manages \(existing.type) \(existing.id); "
                                + "remove it first with `gantry state rm \(address)`")
        }
        let record = try await run(.import, resources: 1) { tracer throws(EngineError) -> ResourceState in
            let schemas = try await SchemaSet.load(for: [providerName], from: providers)
            let results: [ReadResult]
            do {
                results = try await tracer.providerCall(retrying: RetryPolicy(), provider: providerName,
                                                        method: "read", type: type, addresses: [address], count: 1) {
                    try await provider.read(ReadRequest(type: type, items: [.init(address: address, id: id)]))
                }
            } catch {
                throw .providerFailed(provider: providerName, operation: "read \(type) \(id)",
                                      error: ProviderError.wrap(error))
            }
            guard case .found(let snapshot)? = results.first else {
                throw .importFailed(address: address, reason: "\(providerName) has no \(type) with id \(id)")
            }
            let sensitive = schemas.type(type, provider: providerName).sensitive
            let attributes = Secrets.redacted(snapshot.attributes, sensitive: sensitive)
            return ResourceState(address: address, type: type, provider: providerName, id: snapshot.id,
                                 attributes: attributes,
                                 sensitivePaths: Secrets.paths(sensitive, in: attributes))
        }
        try await journal([.put(record)])
        var next = state ?? StateDocument.new()
        next.serial += 1
        next.resources = (next.resources + [record]).sorted { $0.address < $1.address }
        try await commit(next)
        return record
    }

    func commit(_ document: StateDocument) async throws(EngineError) {
        do {
            try await store.commit(document)
        } catch {
            throw .stateFailed(operation: "commit the new state", message: String(describing: error))
        }
    }

    /// Reads `resources` back from their providers, in batched reads.
    func readBack(_ resources: [ResourceState], options: PlanOptions, tracer: Tracer) async throws(EngineError)
        -> Refresher.Result
    {
        let schemas = try await SchemaSet.load(for: Set(resources.map(\.provider)), from: providers)
        return try await Refresher(providers: providers, schemas: schemas, tracer: tracer, options: options)
            .refresh(resources)
    }
}
