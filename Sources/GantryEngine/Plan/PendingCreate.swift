import GantryBasics
import GantryProviderKit
import GantryState

/// A create that was journaled as intended but never recorded as done — Gantry died
/// while it was in flight. The resource may or may not exist; it carries its address tag.
///
/// Journal replay records these in state metadata under `pending_creates`:
/// `{ "<address>": { "type": …, "provider": …, "token": … } }`.
struct PendingCreate: Hashable {
    static let metadataKey = "pending_creates"

    var address: ResourceAddress
    var type: String
    var provider: String
    var token: String?

    /// The pending creates recorded in `state`, sorted by address.
    static func all(in state: StateDocument?) -> [PendingCreate] {
        guard let records = state?.metadata[metadataKey]?.objectValue else { return [] }
        return records.keys.sorted().compactMap { key in
            guard let record = records[key], let type = record["type"]?.stringValue,
                  let provider = record["provider"]?.stringValue else { return nil }
            return PendingCreate(address: ResourceAddress(key), type: type, provider: provider,
                                 token: record["token"]?.stringValue)
        }
    }

    struct Adoption {
        /// Resources found in the cloud, to be recorded instead of created again.
        var found: [ResourceState] = []
        var ids: [ResourceAddress: String] = [:]
        var foundAddresses: Set<ResourceAddress> { Set(ids.keys) }
        /// Every pending create looked for (found or not); apply clears them from metadata.
        var checked: [ResourceAddress] = []
    }

    /// Looks for each pending create with one `list` call per provider and type.
    static func adopt(_ pending: [PendingCreate], providers: [String: any Provider], schemas: SchemaSet,
                      tracer: Tracer) async throws(EngineError) -> Adoption {
        var adoption = Adoption()
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
                    provider: first.provider, method: "list", type: first.type, count: members.count, attempt: 1
                ) { try await provider.list(ListRequest(type: first.type)) }
            } catch {
                throw .providerFailed(provider: first.provider, operation: "list \(first.type) resources",
                                      error: ProviderError.wrap(error))
            }
            let byAddress = Dictionary(snapshots.map { ($0.address, $0) }, uniquingKeysWith: { a, _ in a })
            let sensitive = schemas.type(first.type, provider: first.provider).sensitive
            for item in members {
                adoption.checked.append(item.address)
                guard let snapshot = byAddress[item.address] else { continue }
                adoption.ids[item.address] = snapshot.id
                adoption.found.append(ResourceState(
                    address: item.address, type: item.type, provider: item.provider, id: snapshot.id,
                    attributes: Secrets.redacted(snapshot.attributes, sensitive: sensitive),
                    sensitivePaths: sensitive.sorted()))
                tracer.emit(.adopted(address: item.address, id: snapshot.id))
            }
        }
        return adoption
    }
}
