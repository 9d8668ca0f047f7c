import GantryBasics
import GantryProviderKit

/// Turns intent items into provider resources whose references point at resources.
///
/// Each provider lowers its own items (in dependency order, one call per provider). An
/// item may reference another item's attribute (`${networks.train.vpc_id}`); the owning
/// provider says in `LowerResponse.outputs` what that attribute is — usually a reference
/// to one of its resources — and this step substitutes it, so the resource graph only
/// has resource-to-resource edges.
struct Lowering {
    /// Output chains (an output that refers to another item's output) deeper than this
    /// are reported instead of followed, so a circle of outputs cannot hang the engine.
    static let maxOutputChain = 32

    let providers: [String: any Provider]
    /// Records a `provider.lower` span per call; none when nil.
    var tracer: Tracer? = nil
    /// What becomes of the providers' answers once the resources are taken from them.
    var disposal: Disposal = .release

    struct Result {
        var resources: [ResourceConfig]
        var diagnostics: [Diagnostic]
    }

    func lower(_ intents: [IntentItem]) async throws(EngineError) -> Result {
        var byProvider: [String: [IntentItem]] = [:]
        var providerOrder: [String] = []
        for position in Self.dependencyOrder(intents) {
            let provider = intents[position].provider
            guard providers[provider] != nil else {
                throw .unknownProvider(name: provider, address: intents[position].address)
            }
            if byProvider[provider] == nil { providerOrder.append(provider) }
            byProvider[provider, default: []].append(intents[position])
        }

        var resources: [ResourceConfig] = []
        var outputs: [ResourceAddress: [String: Value]] = [:]
        var diagnostics: [Diagnostic] = []
        for name in providerOrder {
            guard let provider = providers[name], let items = byProvider[name] else { continue }
            var response: LowerResponse
            do {
                let request = LowerRequest(items: items, outputsWanted: Self.outputsWanted(of: name, in: byProvider))
                if let tracer {
                    response = try await tracer.providerCall(provider: name, method: "lower", type: nil, count: items.count,
                                                             attempt: 1) { try await provider.lower(request) }
                } else {
                    response = try await provider.lower(request)
                }
            } catch let error as ProviderError {
                throw .providerFailed(provider: name, operation: "lower", error: error)
            } catch {
                throw .providerFailed(provider: name, operation: "lower",
                                      error: ProviderError(.fatal, String(describing: error)))
            }
            if resources.isEmpty {
                // Taken, not copied: the first (often only) provider's resources become the
                // list, unshared, so resolving references below rewrites them in place.
                swap(&resources, &response.resources)
            } else {
                resources.append(contentsOf: response.resources)
            }
            outputs.merge(response.outputs) { _, new in new }
            diagnostics.append(contentsOf: response.diagnostics)
        }

        var resolver = ReferenceResolver(resources: resources, outputs: outputs, items: intents)
        for index in resources.indices { resolver.resolve(&resources[index]) }
        // The outputs of 10,000 items are as many dictionaries to free.
        disposal.dispose((outputs, byProvider, resolver))
        return Result(resources: resources, diagnostics: diagnostics + resolver.diagnostics)
    }

    /// The outputs of `provider`'s items that items reference, so a plugin sends back only
    /// those. nil (every output) when an item of another provider depends on one of them:
    /// that provider's lowering may point at any of their outputs.
    static func outputsWanted(of provider: String, in byProvider: [String: [IntentItem]])
        -> [ResourceAddress: Set<String>]?
    {
        let own = Set((byProvider[provider] ?? []).map(\.address))
        var wanted: [ResourceAddress: Set<String>] = [:]
        for (name, items) in byProvider {
            // By index: a loop over the items copied each one (ten fields) to read two.
            for index in items.indices {
                if name != provider, items[index].dependsOn.contains(where: own.contains) { return nil }
                for value in items[index].attributes.values {
                    value.forEachReference { ref in
                        if own.contains(ref.address) { wanted[ref.address, default: []].insert(ref.attribute) }
                    }
                }
            }
        }
        return wanted
    }

    /// The positions of `items` in an order where each comes after the items it depends
    /// on; ties keep input order. A circle among items (reported by validation) is broken
    /// by input order. Positions, not items: copying each item into the order was measurable.
    static func dependencyOrder(_ items: [IntentItem]) -> [Int] {
        let graph = DependencyIndex(items.indices.lazy.map { (items[$0].address, items[$0].dependsOn) })
        guard let levels = try? graph.levels() else { return Array(items.indices) }
        // Node n is the n-th distinct address: with no address repeated, item n itself.
        var itemOfNode = Array(items.indices)
        if graph.count != items.count {
            itemOfNode = []
            for (position, item) in items.enumerated() where graph.index[item.address] == itemOfNode.count {
                itemOfNode.append(position)
            }
        }
        var ordered: [Int] = []
        ordered.reserveCapacity(graph.count)
        for level in levels {
            for node in level.sorted() { ordered.append(itemOfNode[node]) }
        }
        return ordered
    }
}

/// Rewrites item-level references and dependencies into resource-level ones, collecting
/// a diagnostic for each that points nowhere.
struct ReferenceResolver {
    private let resourceAddresses: Set<ResourceAddress>
    private let outputs: [ResourceAddress: [String: Value]]
    /// The resources lowered from each item, for `dependsOn` on a whole item: left empty
    /// when no resource has a `dependsOn`, as hashing 10,000 addresses was measurable.
    private let resourcesByOrigin: [ResourceAddress: [ResourceAddress]]
    /// The declared items, and their addresses once a `dependsOn` names neither a resource
    /// nor an item lowered to one (only then is it needed: to tell the two errors apart).
    private let items: [IntentItem]
    private var itemAddresses: Set<ResourceAddress>?
    private(set) var diagnostics: [Diagnostic] = []

    init(resources: [ResourceConfig], outputs: [ResourceAddress: [String: Value]], items: [IntentItem]) {
        var addresses = Set<ResourceAddress>(minimumCapacity: resources.count)
        for index in resources.indices { addresses.insert(resources[index].address) }
        resourceAddresses = addresses
        self.outputs = outputs
        var byOrigin: [ResourceAddress: [ResourceAddress]] = [:]
        if resources.indices.contains(where: { !resources[$0].dependsOn.isEmpty }) {
            byOrigin.reserveCapacity(resources.count)
            for index in resources.indices {
                byOrigin[resources[index].origin, default: []].append(resources[index].address)
            }
        }
        resourcesByOrigin = byOrigin
        self.items = items
    }

    /// Rewrites `config`'s references to items into references to resources, and its
    /// dependencies on items into dependencies on their resources.
    mutating func resolve(_ config: inout ResourceConfig) {
        // Only values with references can change; the rest (and references that already
        // name resources, most of a big spec) keep the dictionary shared, uncopied.
        for (key, value) in config.attributes where value.containsUnknown {
            let resolved = resolve(value, in: config, path: key, depth: 0)
            if resolved != value { config.attributes[key] = resolved }
        }
        guard !config.dependsOn.isEmpty else { return }
        var deps: [ResourceAddress] = []
        for dep in config.dependsOn {
            if resourceAddresses.contains(dep) {
                deps.append(dep)
            } else if let lowered = resourcesByOrigin[dep] {
                deps.append(contentsOf: lowered)
            } else if !isItem(dep) {
                diagnostics.append(.error(
                    "unknown-dependency", "\(config.origin) depends on \(dep), which is not declared",
                    at: config.location, path: config.address.rawValue,
                    hint: "check the spelling, or declare \(dep)"))
            }
        }
        config.dependsOn = deps
    }

    /// Whether an intent item is declared at `address`.
    private mutating func isItem(_ address: ResourceAddress) -> Bool {
        if itemAddresses == nil { itemAddresses = Set(items.map(\.address)) }
        return itemAddresses?.contains(address) ?? false
    }

    private mutating func resolve(_ value: Value, in config: ResourceConfig, path: String, depth: Int) -> Value {
        switch value {
        case .reference(let ref):
            return resolve(ref, in: config, path: path, depth: depth)
        case .template(let parts):
            return .interpolated(parts.map { resolve($0, in: config, path: path, depth: depth) })
        case .array(let items):
            guard value.containsUnknown else { return value }
            return .array(items.enumerated().map { resolve($1, in: config, path: "\(path)[\($0)]", depth: depth) })
        case .object(let members):
            guard value.containsUnknown else { return value }
            var out: [String: Value] = [:]
            for (key, member) in members { out[key] = resolve(member, in: config, path: "\(path).\(key)", depth: depth) }
            return .object(out)
        default:
            return value
        }
    }

    private mutating func resolve(_ ref: Value.Reference, in config: ResourceConfig, path: String,
                                  depth: Int) -> Value {
        if resourceAddresses.contains(ref.address) { return .reference(ref) }
        guard depth < Lowering.maxOutputChain else {
            diagnostics.append(.error(
                "reference-loop", "\(config.origin) references \(ref), whose outputs refer to each other in a loop",
                at: config.location, path: "\(config.address).\(path)"))
            return .unknown
        }
        if let provided = outputs[ref.address] {
            if let output = provided[ref.attribute] {
                return resolve(output, in: config, path: path, depth: depth + 1)
            }
            let available = provided.keys.sorted().joined(separator: ", ")
            diagnostics.append(.error(
                "missing-attribute",
                "\(config.origin) references \(ref), but \(ref.address) has no attribute '\(ref.attribute)'",
                at: config.location, path: "\(config.address).\(path)",
                expected: available.isEmpty ? nil : "one of: \(available)",
                hint: EditDistance.hint(for: ref.attribute, among: provided.keys)))
        } else {
            diagnostics.append(.error(
                "unknown-reference", "\(config.origin) references \(ref), but \(ref.address) is not declared",
                at: config.location, path: "\(config.address).\(path)",
                hint: "check the spelling of \(ref.address)"))
        }
        return .unknown
    }
}
