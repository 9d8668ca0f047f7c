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
        // Positions rather than copies: copying 10,000 records into groups was measurable.
        var groups: [Group: [Int]] = [:]
        for position in resources.indices {
            groups[Group(provider: resources[position].provider, type: resources[position].type), default: []]
                .append(position)
        }
        for (group, positions) in groups where providers[group.provider] == nil {
            throw .unknownProvider(name: group.provider, address: positions.first.map { resources[$0].address })
        }

        let reads: [Read]
        do {
            reads = try await withThrowingTaskGroup(of: Read.self) { taskGroup in
                for (group, members) in groups {
                    guard let provider = providers[group.provider] else { continue }
                    let size = max(1, batchSize)
                    for start in stride(from: 0, to: members.count, by: size) {
                        let batch = members[start..<min(members.count, start + size)]
                        let request = ReadRequest(type: group.type, items: batch.map {
                            .init(address: resources[$0].address, id: resources[$0].id)
                        })
                        taskGroup.addTask {
                            let results = try await tracer.providerCall(
                                retrying: retry, provider: group.provider, method: "read", type: group.type,
                                count: request.items.count
                            ) { try await provider.read(request) }
                            return Read(group: group, positions: batch, results: results)
                        }
                    }
                }
                var all: [Read] = []
                for try await read in taskGroup { all.append(read) }
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
        return outcome(of: reads, for: resources)
    }

    /// One batched read: which resources it asked about and what the provider answered.
    private struct Read: Sendable {
        var group: Group
        /// Positions in the refreshed resources, in request order.
        var positions: ArraySlice<Int>
        var results: [ReadResult]
    }

    /// The resources brought up to date with `reads`, and the drift found.
    ///
    /// The result shares `resources`' storage until a resource has actually changed: in a
    /// plan with no drift nothing is copied.
    private func outcome(of reads: [Read], for resources: [ResourceState]) -> Result {
        var kept = resources
        var gone = Array(repeating: false, count: resources.count)
        var drift: [DriftEntry] = []
        var positionOf = AnswerMatcher(resources: resources)
        for read in reads {
            // One schema per read: every resource in it has the same provider and type.
            let sensitive = schemas.type(read.group.type, provider: read.group.provider).sensitive
            for (offset, result) in read.results.enumerated() {
                guard let position = positionOf(result.address, expected: offset, in: read.positions) else { continue }
                switch result {
                case .notFound:
                    if gone[position] { continue }
                    gone[position] = true
                    drift.append(Self.entry(.deleted, for: resources[position], after: nil, sensitive: sensitive))
                case .found(let snapshot):
                    let fresh = Secrets.redacted(snapshot.attributes, sensitive: sensitive)
                    if fresh != kept[position].attributes {
                        drift.append(Self.entry(.changed, for: kept[position], after: fresh, sensitive: sensitive))
                        kept[position].attributes = fresh
                    }
                    // Written only when it differs, so an unchanged record stays shared.
                    if !snapshot.id.isEmpty, snapshot.id != kept[position].id { kept[position].id = snapshot.id }
                }
            }
        }
        if gone.contains(true) {
            kept = kept.indices.filter { !gone[$0] }.map { kept[$0] }
            // A resource reported gone and also changed (a confused provider) is gone.
            drift.removeAll { $0.kind == .changed && positionOf.isGone($0.address, gone) }
        }
        drift.sort { $0.address < $1.address }
        return Result(resources: kept, drift: drift)
    }

    /// The drift of `resource` (its attributes as recorded are the `before`).
    private static func entry(_ kind: DriftEntry.Kind, for resource: ResourceState, after: [String: Value]?,
                              sensitive: Set<String>) -> DriftEntry {
        DriftEntry(address: resource.address, type: resource.type, provider: resource.provider, kind: kind,
                   before: resource.attributes, after: after, sensitive: sensitive)
    }
}

/// Finds which resource a read result answers: providers answer in request order, so the
/// result at `offset` of a read is first checked against the resource asked about there
/// (`AddressIndex`).
private struct AnswerMatcher {
    var resources: AddressIndex<ResourceState>

    init(resources: [ResourceState]) { self.resources = AddressIndex(resources) }

    /// The position of the resource at `address`, or nil when none was read.
    mutating func callAsFunction(_ address: ResourceAddress, expected offset: Int,
                                 in positions: ArraySlice<Int>) -> Int? {
        let asked = offset < positions.count ? positions[positions.startIndex + offset] : nil
        return resources.position(of: address, trying: asked.map { $0..<$0 + 1 } ?? 0..<0)
    }

    /// Whether the resource at `address` is marked in `gone`.
    mutating func isGone(_ address: ResourceAddress, _ gone: [Bool]) -> Bool {
        resources.position(of: address, trying: 0..<0).map { gone[$0] } ?? false
    }
}

extension ReadResult {
    /// The resource this result is about.
    var address: ResourceAddress {
        switch self {
        case .found(let snapshot): snapshot.address
        case .notFound(let address): address
        }
    }
}
