import GantryBasics
import GantryProviderKit
import GantryState

/// Brings recorded resources up to date with the cloud in batched reads: one `read`
/// call per provider per resource type — or, past `batchSize` resources of a type, a few
/// such calls in flight at once, so encoding and decoding overlap across processes.
struct Refresher {
    let providers: [String: any Provider]
    let schemas: SchemaSet
    let tracer: Tracer
    let retry: RetryPolicy
    var batchSize: Int = 2_500

    /// A refresher with the retry policy and read batch size of `options`.
    init(providers: [String: any Provider], schemas: SchemaSet, tracer: Tracer, options: PlanOptions) {
        self.providers = providers
        self.schemas = schemas
        self.tracer = tracer
        retry = options.retry
        batchSize = options.readBatchSize
    }

    struct Result {
        /// The resources still present, with refreshed (redacted) attributes.
        var resources: [ResourceState]
        /// Deletions and changes made outside Gantry, sorted by address.
        var drift: [DriftEntry]
    }

    private struct Group: Hashable {
        var provider: String
        var type: String
    }

    func refresh(_ resources: [ResourceState]) async throws(EngineError) -> Result {
        var groups: [Group: [ResourceState]] = [:]
        for resource in resources {
            groups[Group(provider: resource.provider, type: resource.type), default: []].append(resource)
        }
        for group in groups.keys where providers[group.provider] == nil {
            throw .unknownProvider(name: group.provider, address: groups[group]?.first?.address)
        }

        let reads: [(Group, [ReadResult])]
        do {
            reads = try await withThrowingTaskGroup(of: (Group, [ReadResult]).self) { taskGroup in
                for (group, members) in groups {
                    guard let provider = providers[group.provider] else { continue }
                    let size = max(1, batchSize)
                    for start in stride(from: 0, to: members.count, by: size) {
                        let batch = members[start..<min(members.count, start + size)]
                        let request = ReadRequest(type: group.type,
                                                  items: batch.map { .init(address: $0.address, id: $0.id) })
                        taskGroup.addTask {
                            let results = try await tracer.providerCall(
                                retrying: retry, provider: group.provider, method: "read", type: group.type,
                                count: request.items.count
                            ) { try await provider.read(request) }
                            return (group, results)
                        }
                    }
                }
                var all: [(Group, [ReadResult])] = []
                for try await result in taskGroup { all.append(result) }
                return all
            }
        } catch let error as EngineError {
            throw error
        } catch {
            let provider = (error as? ProviderError)?.address.flatMap { address in
                resources.first { $0.address == address }?.provider
            } ?? "?"
            throw .providerFailed(provider: provider, operation: "read resources", error: ProviderError.wrap(error))
        }

        var found: [ResourceAddress: ResourceSnapshot] = [:]
        var gone: Set<ResourceAddress> = []
        for (_, results) in reads {
            for result in results {
                switch result {
                case .found(let snapshot): found[snapshot.address] = snapshot
                case .notFound(let address): gone.insert(address)
                }
            }
        }

        var kept: [ResourceState] = []
        var drift: [DriftEntry] = []
        kept.reserveCapacity(resources.count)
        for var resource in resources {
            let sensitive = schemas.type(resource.type, provider: resource.provider).sensitive
            if gone.contains(resource.address) {
                drift.append(DriftEntry(address: resource.address, type: resource.type, provider: resource.provider,
                                        kind: .deleted, before: resource.attributes, after: nil,
                                        sensitive: sensitive))
                continue
            }
            if let snapshot = found[resource.address] {
                let fresh = Secrets.redacted(snapshot.attributes, sensitive: sensitive)
                if fresh != resource.attributes {
                    drift.append(DriftEntry(address: resource.address, type: resource.type,
                                            provider: resource.provider, kind: .changed,
                                            before: resource.attributes, after: fresh, sensitive: sensitive))
                    resource.attributes = fresh
                }
                if !snapshot.id.isEmpty { resource.id = snapshot.id }
            }
            kept.append(resource)
        }
        drift.sort { $0.address < $1.address }
        return Result(resources: kept, drift: drift)
    }
}
