import GantryBasics

extension SpecReader {
    mutating func storage(_ entry: YAMLNode.Entry, providers: [String], defaultProvider: String) -> StorageDecl? {
        let name = entry.key
        let path = "storage.\(name)"
        let allowed = ["region", "regions", "tier", "filesystem", "size", "throughput_per_tib", "attach", "lifecycle",
                       "residency", "compliance", "provider", "protect"]
        guard let f = fields(entry.value, path: path, allowed: allowed, required: ["filesystem"],
                             what: "storage '\(name)'") else { return nil }
        var item = ItemDecl(kind: "storage", name: name, location: entry.keyLocation,
                            provider: provider(f, configured: providers, default: defaultProvider))
        item.regions = regions(f, what: "storage '\(name)'")
        item.protected = protectFlag(f)
        if item.regions.isEmpty && f["region"] == nil && f["regions"] == nil {
            error("missing-key", "storage '\(name)' needs 'region'", at: entry.keyLocation, path: path,
                  expected: "region: us-east-1")
        }
        var decl = StorageDecl(item: item)
        var attributes: [String: SpecValue] = [:]
        attributes["tier"] = string(f["tier"], path: f.path("tier"), oneOf: StorageDecl.tiers).specValue { .string($0) }
            ?? .string("hot")
        let filesystem = string(f["filesystem"], path: f.path("filesystem"), oneOf: StorageDecl.filesystems)
        attributes["filesystem"] = filesystem.specValue { .string($0) }
        let size = size(f["size"], path: f.path("size"))
        // Sizes reach providers as whole GiB (rounded up): what storage APIs take.
        attributes["size"] = size.specValue { .int(Int(($0.bytes + (1 << 30) - 1) >> 30)) }
        if size.isAbsent, let fs = filesystem.value, fs != "object" {
            error("missing-key", "\(fs) storage '\(name)' needs 'size'", at: entry.keyLocation, path: f.path("size"),
                  expected: "size: 24TiB")
        }
        attributes["throughput_per_tib"] = int(f["throughput_per_tib"], path: f.path("throughput_per_tib"), minimum: 1)
            .specValue { .int($0) }

        var attach: [SpecValue] = []
        for field in stringList(f["attach"], path: f.path("attach")) {
            guard let pool = field.known else { continue }
            guard scope.items["node_pools"]?.contains(pool.value) == true else {
                error("unknown-reference", "storage '\(name)' attaches to node pool '\(pool.value)', which is not defined",
                      at: pool.location, path: f.path("attach"),
                      hint: EditDistance.hint(for: pool.value, among: (scope.items["node_pools"] ?? []).sorted()))
                continue
            }
            // The edge to the pool's network is added once pools are read (SpecBuilder).
            decl.attach.append(pool)
            attach.append(.string(pool.value))
        }
        attributes["attach"] = .list(attach)
        attributes["lifecycle"] = .list(lifecycle(f["lifecycle"], path: f.path("lifecycle")))
        let residency = string(f["residency"], path: f.path("residency"))
        decl.residency = residency.known
        attributes["residency"] = residency.specValue { .string($0) }
        decl.compliance = stringList(f["compliance"], path: f.path("compliance")).compactMap(\.known)
        attributes["compliance"] = .list(decl.compliance.map { .string($0.value) })
        decl.item.attributes = attributes
        decl.item.references = takeReferences()
        return decl
    }

    /// Lifecycle rules: `{ after: 30d, to: warm }` or `{ after: 3y, expire: true }`, in growing order.
    private mutating func lifecycle(_ node: YAMLNode?, path: String) -> [SpecValue] {
        guard let node else { return [] }
        guard let items = node.sequence else {
            error("type-mismatch", "lifecycle must be a list of rules, not \(node.kindName)", at: node.location, path: path,
                  expected: "lifecycle: [{ after: 30d, to: warm }, { after: 3y, expire: true }]")
            return []
        }
        var out: [SpecValue] = []
        var previous: TimeSpan?
        for (i, itemNode) in items.enumerated() {
            let rulePath = "\(path)[\(i)]"
            guard let r = fields(itemNode, path: rulePath, allowed: ["after", "to", "expire"], required: ["after"],
                                 what: "lifecycle rule") else { continue }
            let after = duration(r["after"], path: r.path("after"))
            var rule: [String: SpecValue] = [:]
            rule["after"] = after.specValue { .int(Int($0.seconds)) }
            if let a = after.value {
                if let p = previous, a <= p {
                    error("invalid-value", "lifecycle rules must be in growing order: \(a) comes after \(p)",
                          at: r["after"]?.location ?? itemNode.location, path: r.path("after"))
                }
                previous = a
            }
            let to = string(r["to"], path: r.path("to"), oneOf: StorageDecl.tiers)
            let expire = bool(r["expire"], path: r.path("expire"))
            if to.isAbsent == expire.isAbsent {
                error("invalid-value", "a lifecycle rule needs exactly one of 'to' (a tier) or 'expire: true'",
                      at: itemNode.location, path: rulePath)
            }
            rule["to"] = to.specValue { .string($0) }
            rule["expire"] = expire.specValue { .bool($0) }
            out.append(.map(rule))
        }
        return out
    }
}
