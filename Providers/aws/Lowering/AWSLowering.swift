import GantryBasics
import GantryCatalog
import GantryProviderKit

/// Turns intent items into AWS resources with Terraform's type names (DESIGN.md §3).
///
/// Pure once the zones and AMIs of each region are known (the provider looks them up
/// before calling). Problems become error diagnostics naming the item and its location.
struct AWSLowering {
    let config: AWSConfig
    let zones: [String: [String]]
    let amis: [String: String]

    func lower(_ request: LowerRequest) -> LowerResponse {
        var context = Context(lowering: self, items: request.items)
        for item in request.items {
            switch item.kind {
            case "networks": context.lowerNetwork(item)
            case "node_pools": context.lowerNodePool(item)
            case "storage": context.lowerStorage(item)
            case "regions": context.lowerRegion(item)
            case "resources": context.lowerRawResource(item)
            default:
                context.error(item, "unknown-kind", "the aws provider cannot lower items of kind `\(item.kind)`")
            }
        }
        return LowerResponse(resources: context.resources, outputs: context.outputs, diagnostics: context.diagnostics)
    }

    struct Context {
        let lowering: AWSLowering
        var config: AWSConfig { lowering.config }
        let catalog = Catalog.embedded
        var resources: [ResourceConfig] = []
        var outputs: [ResourceAddress: [String: Value]] = [:]
        var diagnostics: [Diagnostic] = []
        let networks: [String: [IntentItem]]
        let pools: [String: [IntentItem]]
        let storage: [String: [IntentItem]]
        /// Pool name → storage items attached to it.
        let storageByPool: [String: [IntentItem]]

        init(lowering: AWSLowering, items: [IntentItem]) {
            self.lowering = lowering
            var networks: [String: [IntentItem]] = [:], pools: [String: [IntentItem]] = [:], storage: [String: [IntentItem]] = [:]
            for item in items {
                switch item.kind {
                case "networks": networks[item.name, default: []].append(item)
                case "node_pools": pools[item.name, default: []].append(item)
                case "storage": storage[item.name, default: []].append(item)
                default: break
                }
            }
            self.networks = networks
            self.pools = pools
            self.storage = storage
            storageByPool = StorageMounts.byPool(items)
        }

        /// A pool failing over across `capacity.regions` is lowered in the first of them
        /// (AWS pools do not move between regions yet; the engine warns about the others).
        func region(of item: IntentItem) -> String {
            item.region ?? item.candidateRegions.first ?? config.regions.first ?? "us-east-1"
        }

        /// The region's zones Gantry uses (the first `max_zones` by name).
        func zones(in region: String) -> [String] { Array((lowering.zones[region] ?? []).prefix(config.maxZones)) }

        func network(named name: String, region: String) -> IntentItem? {
            guard let list = networks[name] else { return nil }
            return list.first { $0.region == region } ?? list.first { $0.region == nil }
        }

        func pool(named name: String, region: String) -> IntentItem? {
            pools[name]?.first { $0.region == region } ?? pools[name]?.first { $0.region == nil }
        }

        func store(named name: String, region: String) -> IntentItem? {
            storage[name]?.first { $0.region == region } ?? storage[name]?.first { $0.region == nil }
        }

        /// `Name` plus the item's own labels; Gantry's tags are added at create.
        func tags(_ name: String) -> Value { ["Name": .string(name)] }

        /// `project-item-region`, for names AWS wants unique per account and region.
        func label(_ item: IntentItem, _ region: String) -> String { "\(config.project)-\(item.name)-\(region)" }

        @discardableResult
        mutating func add(_ item: IntentItem, type: String, name: String = "main", _ attributes: [String: Value],
                          dependsOn: [ResourceAddress] = []) -> ResourceAddress {
            let address = item.address.child(type: type, name: name)
            resources.append(ResourceConfig(address: address, type: type, name: name, provider: "aws", attributes: attributes,
                                            dependsOn: item.dependsOn + dependsOn, origin: item.address,
                                            location: item.location))
            return address
        }

        mutating func error(_ item: IntentItem, _ code: String, _ message: String, path: String? = nil, hint: String? = nil) {
            let fullPath = path.map { "\(item.kind).\(item.name).\($0)" } ?? "\(item.kind).\(item.name)"
            diagnostics.append(.error(code, "\(item.address): \(message)", at: item.location, path: fullPath, hint: hint))
        }
    }
}

/// `.reference` to an attribute of a lowered resource.
func ref(_ address: ResourceAddress, _ attribute: String = "id") -> Value {
    .reference(Value.Reference(address: address, attribute: attribute))
}
