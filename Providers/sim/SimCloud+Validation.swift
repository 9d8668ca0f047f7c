import GantryBasics
import GantryProviderKit

extension SimCloud {
    /// The first reason the arguments cannot be sent to the cloud, if any.
    func validate(_ attributes: [String: Value], spec: SimTypeSpec, address: ResourceAddress,
                  state: SimWorldState) -> ProviderError? {
        for key in attributes.keys.sorted() where attributes[key]?.containsUnknown == true {
            return ProviderError(.invalid, "`\(key)` is still unknown at apply time (an unresolved reference)",
                                 address: address, providerCode: "UnresolvedValue", detail: ["attribute": .string(key)])
        }
        for key in spec.required where attributes[key] == nil || attributes[key]?.isNull == true {
            return ProviderError(.invalid, "\(spec.name) needs `\(key)`", address: address,
                                 providerCode: "MissingParameter", detail: ["attribute": .string(key)])
        }
        if let region = attributes["region"], region.stringValue.map(config.regions.contains) != true {
            return ProviderError(.invalid, "region \(SimValueText.describe(region)) is not in the simulated cloud",
                                 address: address, providerCode: "InvalidRegion",
                                 detail: ["regions": .array(config.regions.map(Value.string))])
        }
        // sim_data takes any properties; for cloud types, ids they name must exist, which
        // catches a dependency the engine failed to order.
        guard spec.name != SimTypes.data else { return nil }
        for key in attributes.keys.sorted() where key != "id" && (key.hasSuffix("_id") || key.hasSuffix("_ids")
            || key == "placement_group") {
            let ids = attributes[key]?.arrayValue?.compactMap(\.stringValue) ?? [attributes[key]?.stringValue].compactMap { $0 }
            for id in ids where id.hasPrefix("sim-") && state.resources[id] == nil {
                return ProviderError(.invalid, "`\(key)` names \(id), which does not exist", address: address,
                                     providerCode: "InvalidReference.NotFound",
                                     detail: ["attribute": .string(key), "id": .string(id)])
            }
        }
        return nil
    }

    static func unknownType(_ type: String) -> ProviderError {
        ProviderError(.invalid, "the sim provider has no resource type `\(type)` (it has: "
                          + SimTypes.all.keys.sorted().joined(separator: ", ") + ")",
                      providerCode: "UnknownResourceType")
    }

    static func notFound(_ type: String, _ id: String, _ address: ResourceAddress) -> ProviderError {
        ProviderError(.notFound, "\(type) \(id) does not exist", address: address, providerCode: "NotFound",
                      detail: ["id": .string(id)])
    }

    /// The user's `tags` merged with Gantry's, as AWS reports `tags_all`.
    static func tagsAll(_ userTags: Value?, gantryTags: [String: String]) -> Value {
        var all = userTags?.objectValue ?? [:]
        for (k, v) in gantryTags { all[k] = .string(v) }
        return .object(all)
    }

    /// Host addresses in a CIDR block minus the five AWS reserves (0 when unparsable).
    static func usableAddresses(_ cidr: String?) -> Int {
        guard let cidr, let slash = cidr.lastIndex(of: "/"), let bits = Int(cidr[cidr.index(after: slash)...]),
              (0...32).contains(bits) else { return 0 }
        return max(0, (1 << (32 - bits)) - 5)
    }
}
