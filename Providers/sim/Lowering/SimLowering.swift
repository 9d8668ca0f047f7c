import GantryBasics
import GantryProviderKit

/// Turns intent items into the simulated cloud's resources with their edges (DESIGN.md §3).
///
/// Pure: the same items and config always give the same resources. What an item says that
/// cannot be interpreted becomes an error diagnostic naming the item and its location; the
/// item's other resources are still produced where possible, so one run reports every problem.
struct SimLowering {
    let config: SimConfig

    func lower(_ request: LowerRequest) -> LowerResponse {
        var context = Context(config: config, items: request.items, outputsWanted: request.outputsWanted)
        for item in request.items {
            switch item.kind {
            case "networks": context.lowerNetwork(item)
            case "node_pools": context.lowerNodePool(item)
            case "storage": context.lowerStorage(item)
            case "regions": context.lowerRegion(item)
            case "resources": context.lowerRawResource(item)
            default:
                context.error(item, "unknown-kind", "the sim provider cannot lower items of kind `\(item.kind)`",
                              expected: "networks, node_pools, storage, regions or resources")
            }
        }
        return LowerResponse(resources: context.resources, outputs: context.outputs, diagnostics: context.diagnostics)
    }

    /// What lowering has produced so far, and indexes over the request's items.
    struct Context {
        let config: SimConfig
        var resources: [ResourceConfig] = []
        var outputs: [ResourceAddress: [String: Value]] = [:]
        var diagnostics: [Diagnostic] = []
        /// `name` → instances of that network, one per region.
        let networks: [String: [IntentItem]]
        /// Pool name → storage items that attach to it.
        let storageByPool: [String: [IntentItem]]
        /// Pool name → instances of the pool, one per region.
        let pools: [String: [IntentItem]]
        /// The items whose outputs the host references (nil: all); see `wantsOutputs(of:)`.
        let outputsWanted: [ResourceAddress: Set<String>]?

        init(config: SimConfig, items: [IntentItem], outputsWanted: [ResourceAddress: Set<String>]? = nil) {
            self.config = config
            self.outputsWanted = outputsWanted
            resources.reserveCapacity(items.count)
            var networks: [String: [IntentItem]] = [:]
            var pools: [String: [IntentItem]] = [:]
            var storageByPool: [String: [IntentItem]] = [:]
            for item in items {
                switch item.kind {
                case "networks": networks[item.name, default: []].append(item)
                case "node_pools": pools[item.name, default: []].append(item)
                case "storage":
                    for pool in SimIntentValues.names(item.attributes["attach"]) {
                        storageByPool[pool, default: []].append(item)
                    }
                default: break
                }
            }
            self.networks = networks
            self.pools = pools
            self.storageByPool = storageByPool
        }

        /// Whether the host asked for any output of `item`. Only raw resources skip theirs
        /// when not: the sim's own resources never refer to them, while a network's or a
        /// pool's outputs may be referenced by the sim's other resources (the response is
        /// trimmed to what is referenced either way).
        func wantsOutputs(of item: IntentItem) -> Bool {
            outputsWanted.map { $0[item.address] != nil } ?? true
        }

        /// The region an item lands in: its own, else the first of the world.
        func region(of item: IntentItem) -> String { item.region ?? config.regions.first ?? "us-east-1" }

        /// The instance of network `name` in `region` (or the only one when it has no region).
        func network(named name: String, region: String) -> IntentItem? {
            guard let list = networks[name] else { return nil }
            return list.first { $0.region == region } ?? list.first { $0.region == nil }
        }

        /// The instance of pool `name` in `region`.
        func pool(named name: String, region: String) -> IntentItem? {
            pools[name]?.first { $0.region == region } ?? pools[name]?.first { $0.region == nil }
        }

        /// Adds one resource lowered from `item`; returns its address for references.
        @discardableResult
        mutating func add(_ item: IntentItem, type: String, name: String = "main",
                          _ attributes: [String: Value]) -> ResourceAddress {
            let address = item.address.child(type: type, name: name)
            // The spec orders storage after the pools it attaches to; here the edge runs the
            // other way (a pool's launch template mounts the file system, which must exist
            // first), so those item edges are dropped rather than closing a cycle.
            let dependsOn = item.kind == "storage"
                ? item.dependsOn.filter { !$0.rawValue.hasPrefix("node_pools.") } : item.dependsOn
            resources.append(ResourceConfig(address: address, type: type, name: name, provider: "sim",
                                            attributes: attributes, dependsOn: dependsOn, origin: item.address,
                                            location: item.location))
            return address
        }

        mutating func error(_ item: IntentItem, _ code: String, _ message: String, path: String? = nil,
                            expected: String? = nil, hint: String? = nil) {
            let fullPath = path.map { "\(item.kind).\(item.name).\($0)" } ?? "\(item.kind).\(item.name)"
            diagnostics.append(.error(code, "\(item.address): \(message)", at: item.location, path: fullPath,
                                      expected: expected, hint: hint))
        }

        mutating func warning(_ item: IntentItem, _ code: String, _ message: String, path: String? = nil,
                              hint: String? = nil) {
            let fullPath = path.map { "\(item.kind).\(item.name).\($0)" } ?? "\(item.kind).\(item.name)"
            diagnostics.append(.warning(code, "\(item.address): \(message)", at: item.location, path: fullPath,
                                        hint: hint))
        }
    }
}

/// `.reference` to an attribute of a lowered resource.
func ref(_ address: ResourceAddress, _ attribute: String = "id") -> Value {
    .reference(Value.Reference(address: address, attribute: attribute))
}
