import GantryBasics

extension SpecReader {
    /// The region or regions an item declares with `region:` or `regions:`.
    mutating func regions(_ fields: Fields, what: String) -> [Located<String>] {
        if fields["region"] != nil && fields["regions"] != nil {
            error("conflicting-keys", "\(what) sets both 'region' and 'regions'", at: fields.keyLocation("region") ?? fields.location,
                  path: fields.path("region"), hint: "use 'regions: [...]' for several regions")
        }
        let list = fields["regions"].map { stringList($0, path: fields.path("regions")) }
            ?? fields["region"].map { [string($0, path: fields.path("region"))] } ?? []
        var seen = Set<String>()
        var out: [Located<String>] = []
        for field in list {
            guard let region = field.known else { continue }
            if !seen.insert(region.value).inserted {
                error("duplicate-region", "region '\(region.value)' is listed twice", at: region.location, path: fields.path("regions"))
                continue
            }
            out.append(region)
        }
        return out
    }

    /// The provider an item names with `provider:`, else the default.
    mutating func provider(_ fields: Fields, configured: [String], default defaultProvider: String) -> String {
        guard let name = string(fields["provider"], path: fields.path("provider")).known else { return defaultProvider }
        if !configured.contains(name.value) {
            error("unknown-provider", "provider '\(name.value)' is not configured under 'providers:'", at: name.location,
                  path: fields.path("provider"), expected: "one of: \(configured.joined(separator: ", "))",
                  hint: EditDistance.hint(for: name.value, among: configured))
        }
        return name.value
    }

    mutating func network(_ entry: YAMLNode.Entry, providers: [String], defaultProvider: String) -> NetworkDecl? {
        let path = "networks.\(entry.key)"
        guard let f = fields(entry.value, path: path, allowed: ["regions", "region", "cidr", "interconnect", "provider", "protect"],
                             what: "network '\(entry.key)'") else { return nil }
        var item = ItemDecl(kind: "networks", name: entry.key, location: entry.keyLocation,
                            provider: provider(f, configured: providers, default: defaultProvider))
        item.regions = regions(f, what: "network '\(entry.key)'")
        item.protected = protectFlag(f)
        if item.regions.isEmpty && f["regions"] == nil && f["region"] == nil {
            error("missing-key", "network '\(entry.key)' needs 'regions'", at: entry.keyLocation, path: path,
                  expected: "regions: [us-east-1]")
        }
        var decl = NetworkDecl(item: item)
        let cidr = string(f["cidr"], path: f.path("cidr"))
        if let c = cidr.known, CIDR(c.value) == nil {
            error("invalid-cidr", "'\(c.value)' is not an IPv4 CIDR block", at: c.location, path: f.path("cidr"),
                  expected: "an address and prefix length such as 10.20.0.0/16")
        } else {
            decl.cidr = cidr.known
        }
        var interconnect: [String: SpecValue] = ["fabric": .string("none"), "placement": .string("none")]
        if let node = f["interconnect"],
           let ic = fields(node, path: f.path("interconnect"), allowed: ["fabric", "placement"], what: "interconnect") {
            let fabric = string(ic["fabric"], path: ic.path("fabric"), oneOf: NetworkDecl.fabrics)
            let placement = string(ic["placement"], path: ic.path("placement"), oneOf: NetworkDecl.placements)
            decl.fabric = fabric.known
            decl.placement = placement.known
            interconnect["fabric"] = fabric.specValue { .string($0) } ?? interconnect["fabric"]
            interconnect["placement"] = placement.specValue { .string($0) } ?? interconnect["placement"]
        }
        decl.item.attributes = [
            "regions": .list(item.regions.map { .string($0.value) }),
            "interconnect": .map(interconnect),
        ]
        decl.item.attributes["cidr"] = cidr.specValue { .string($0) }
        decl.item.references = takeReferences()
        return decl
    }

    mutating func region(_ entry: YAMLNode.Entry, providers: [String], defaultProvider: String) -> RegionDecl? {
        let path = "regions.\(entry.key)"
        guard let f = fields(entry.value, path: path, allowed: ["residency", "compliance", "provider"],
                             what: "region '\(entry.key)'") else { return nil }
        var item = ItemDecl(kind: "regions", name: entry.key, location: entry.keyLocation,
                            provider: provider(f, configured: providers, default: defaultProvider))
        item.regions = [Located(entry.key, at: entry.keyLocation)]
        var decl = RegionDecl(item: item)
        let residency = string(f["residency"], path: f.path("residency"))
        decl.residency = residency.known
        decl.compliance = stringList(f["compliance"], path: f.path("compliance")).compactMap(\.known)
        decl.item.attributes["residency"] = residency.specValue { .string($0) }
        decl.item.attributes["compliance"] = .list(decl.compliance.map { .string($0.value) })
        decl.item.references = takeReferences()
        return decl
    }

    mutating func resource(_ entry: YAMLNode.Entry, providers: [String], defaultProvider: String) -> ItemDecl? {
        let path = "resources.\(entry.key)"
        guard let f = fields(entry.value, path: path, allowed: ["type", "properties", "region", "depends_on", "provider", "protect"],
                             required: ["type"], what: "resource '\(entry.key)'") else { return nil }
        let type = string(f["type"], path: f.path("type"))
        var providerName = defaultProvider
        if f["provider"] != nil {
            providerName = provider(f, configured: providers, default: defaultProvider)
        } else if let t = type.value, let named = Self.provider(namedBy: t, among: providers) {
            providerName = named
        }
        var item = ItemDecl(kind: "resources", name: entry.key, location: entry.keyLocation, provider: providerName)
        item.protected = protectFlag(f)
        if let region = f["region"] { item.regions = string(region, path: f.path("region")).known.map { [$0] } ?? [] }
        var properties = SpecValue.map([:])
        if let node = f["properties"] {
            properties = value(node, path: f.path("properties"))
            if case .map = properties {} else if !properties.isUnknown {
                error("type-mismatch", "properties of resource '\(entry.key)' must be a mapping, not \(node.kindName)",
                      at: node.location, path: f.path("properties"))
            }
        }
        // Sized for both keys up front: a one-key literal grows (and rehashes) for the second.
        item.attributes = Dictionary(minimumCapacity: 2)
        item.attributes["properties"] = properties
        item.attributes["type"] = type.specValue { .string($0) }
        item.references = takeReferences()
        for field in stringList(f["depends_on"], path: f.path("depends_on")) {
            guard let dep = field.known else { continue }
            let parts = dep.value.split(separator: ".", maxSplits: 1).map(String.init)
            guard parts.count == 2, EvaluationScope.itemKinds.contains(parts[0]) else {
                error("invalid-value", "'\(dep.value)' is not an item address", at: dep.location, path: f.path("depends_on"),
                      expected: "KIND.NAME such as networks.train")
                continue
            }
            guard scope.items[parts[0]]?.contains(parts[1]) == true else {
                error("unknown-reference", "depends_on names \(dep.value), which is not defined", at: dep.location,
                      path: f.path("depends_on"), hint: EditDistance.hint(for: parts[1], among: (scope.items[parts[0]] ?? []).sorted()))
                continue
            }
            item.references.append(Located(ItemReference(kind: parts[0], name: parts[1], key: nil, attribute: "id"),
                                           at: dep.location))
        }
        return item
    }

    /// The configured provider a resource type starts with (`sim_data` → `sim`), if any.
    ///
    /// ASCII types (all of them in practice) are searched as bytes: finding `_` a Character
    /// at a time and copying the prefix showed in profiles of 10,000-resource specs.
    static func provider(namedBy type: String, among providers: [String]) -> String? {
        let prefix: Substring
        if type.utf8.allSatisfy({ $0 < 0x80 }) {
            guard let underscore = type.utf8.firstIndex(of: UInt8(ascii: "_")) else { return nil }
            prefix = type[..<underscore]
        } else {
            guard let underscore = type.firstIndex(of: "_") else { return nil }
            prefix = type[..<underscore]
        }
        return providers.contains { $0 == prefix } ? String(prefix) : nil
    }
}
