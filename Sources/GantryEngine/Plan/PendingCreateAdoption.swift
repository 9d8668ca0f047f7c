import GantryBasics
import GantryProviderKit
import GantryState

/// Looks for creates that were in flight when Gantry died (journaled intents without an
/// outcome, `StateDocument.pendingCreates`) and adopts the ones that exist in the cloud,
/// found by their address tag, so they are recorded instead of created twice.
enum PendingCreateAdoption {
    struct Result {
        /// Resources found in the cloud, to be recorded instead of created again.
        var found: [ResourceState] = []
        var ids: [ResourceAddress: String] = [:]
        var foundAddresses: Set<ResourceAddress> { Set(ids.keys) }
        /// Every pending create looked for (found or not); apply clears them from metadata.
        var checked: [ResourceAddress] = []
    }

    /// One `list` call per provider and type.
    static func adopt(_ pending: [PendingCreate], providers: [String: any Provider], schemas: SchemaSet,
                      tracer: Tracer, retry: RetryPolicy) async throws(EngineError) -> Result {
        var result = Result()
        var groups: [String: [PendingCreate]] = [:]
        for item in pending { groups["\(item.provider)\u{0}\(item.type)", default: []].append(item) }
        for key in groups.keys.sorted() {
            guard let members = groups[key], let first = members.first else { continue }
            guard let provider = providers[first.provider] else {
                throw .unknownProvider(name: first.provider, address: first.address)
            }
            let snapshots: [ResourceSnapshot]
            do {
                snapshots = try await tracer.providerCall(
                    retrying: retry, provider: first.provider, method: "list", type: first.type, count: members.count
                ) { try await provider.list(ListRequest(type: first.type)) }
            } catch {
                throw .providerFailed(provider: first.provider, operation: "list \(first.type) resources",
                                      error: ProviderError.wrap(error))
            }
            let byAddress = Dictionary(snapshots.map { ($0.address, $0) }, uniquingKeysWith: { a, _ in a })
            let sensitive = schemas.type(first.type, provider: first.provider).sensitive
            for item in members {
                result.checked.append(item.address)
                guard let snapshot = byAddress[item.address] else { continue }
                result.ids[item.address] = snapshot.id
                let attributes = Secrets.redacted(snapshot.attributes, sensitive: sensitive)
                result.found.append(ResourceState(
                    address: item.address, type: item.type, provider: item.provider, id: snapshot.id,
                    attributes: attributes, sensitivePaths: Secrets.paths(sensitive, in: attributes)))
                tracer.emit(.adopted(address: item.address, id: snapshot.id))
            }
        }
        return result
    }
}
