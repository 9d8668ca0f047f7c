import GantryBasics
import GantryProviderKit

extension SimLowering.Context {
    /// A region becomes no resource: the simulated account needs no per-region setup, and
    /// a settings record would only add plan noise. Its outputs tell other items its zones.
    mutating func lowerRegion(_ item: IntentItem) {
        let region = item.region ?? item.name
        if !config.regions.contains(region) {
            error(item, "unknown-region", "region `\(region)` is not in the sim cloud",
                  expected: config.regions.joined(separator: ", "), hint: "set providers.sim.regions to add it")
        }
        var out: [String: Value] = ["id": .string(region), "region": .string(region), "zones": .array(config.zones(in: region).map(Value.string))]
        if let residency = item.attributes["residency"] { out["residency"] = residency }
        outputs[item.address] = out
    }

    /// The escape hatch: `{type, properties}` becomes one resource of that type, named `main`.
    /// `aws_*` types are read as their `sim_*` twins so a spec can move between providers.
    mutating func lowerRawResource(_ item: IntentItem) {
        guard var type = item.attributes["type"]?.stringValue else {
            error(item, "missing-type", "a raw resource needs `type`", path: "type",
                  expected: SimTypes.all.keys.sorted().joined(separator: ", "))
            return
        }
        if SimTypes.all[type] == nil, type.hasPrefix("aws_"), SimTypes.all["sim_" + type.dropFirst(4)] != nil {
            type = "sim_" + type.dropFirst(4)
        }
        guard let spec = SimTypes.all[type] else {
            error(item, "unknown-resource-type", "the sim provider has no resource type `\(type)`", path: "type",
                  expected: SimTypes.all.keys.sorted().joined(separator: ", "))
            return
        }
        var properties: [String: Value] = [:]
        if let p = item.attributes["properties"], !p.isNull {
            guard let object = p.objectValue else {
                error(item, "invalid-properties", "`properties` must be a mapping", path: "properties")
                return
            }
            properties = object
        }
        for key in properties.keys.sorted() where spec.computed.contains(key) {
            error(item, "computed-attribute", "`\(key)` is computed by the cloud and cannot be set", path: "properties.\(key)")
            properties[key] = nil
        }
        if type != SimTypes.data, properties["region"] == nil, let region = item.region {
            properties["region"] = .string(region)
        }
        let address = add(item, type: type, properties)
        guard wantsOutputs(of: item) else { return }
        var out = properties
        for key in spec.computed { out[key] = ref(address, key) }
        outputs[item.address] = out
    }
}
