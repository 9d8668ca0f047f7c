import GantryBasics

extension SpecReader {
    mutating func nodePool(_ entry: YAMLNode.Entry, providers: [String], defaultProvider: String,
                           networkRegions: [String: [Located<String>]]) -> NodePoolDecl? {
        let name = entry.key
        let path = "node_pools.\(name)"
        let allowed = ["network", "gpu", "mig", "nodes", "capacity", "update", "labels", "taints", "residency", "provider"]
        guard let f = fields(entry.value, path: path, allowed: allowed, required: ["gpu", "nodes"],
                             what: "node pool '\(name)'") else { return nil }
        let item = ItemDecl(kind: "node_pools", name: name, location: entry.keyLocation,
                            provider: provider(f, configured: providers, default: defaultProvider))
        var decl = NodePoolDecl(item: item)
        var attributes: [String: SpecValue] = [:]

        let network = string(f["network"], path: f.path("network"))
        if let n = network.known {
            if scope.items["networks"]?.contains(n.value) == true {
                decl.network = n
                decl.item.implicitDependencies.append(
                    Located(ItemReference(kind: "networks", name: n.value, key: nil, attribute: "id"), at: n.location))
            } else {
                error("unknown-reference", "node pool '\(name)' uses network '\(n.value)', which is not defined",
                      at: n.location, path: f.path("network"),
                      hint: EditDistance.hint(for: n.value, among: (scope.items["networks"] ?? []).sorted()))
            }
        }
        attributes["network"] = network.specValue { .string($0) }

        if let node = f["gpu"] { attributes["gpu"] = gpu(node, path: f.path("gpu"), into: &decl) }
        if let node = f["mig"] { attributes["mig"] = mig(node, path: f.path("mig"), into: &decl) }
        if let node = f["nodes"] { attributes["nodes"] = nodes(node, path: f.path("nodes"), into: &decl) }

        var capacity = self.capacity(f["capacity"], path: f.path("capacity"), poolName: name, into: &decl)
        if decl.item.regions.isEmpty, let n = decl.network {
            decl.item.regions = networkRegions[n.value] ?? []
        } else if let n = decl.network, let allowedRegions = networkRegions[n.value] {
            for region in decl.item.regions where !allowedRegions.contains(where: { $0.value == region.value }) {
                error("region-outside-network", "node pool '\(name)' is placed in \(region.value), but its network '\(n.value)' is only in \(allowedRegions.map(\.value).joined(separator: ", "))",
                      at: region.location, path: f.path("capacity.regions"),
                      hint: "add \(region.value) to networks.\(n.value).regions, or remove it here")
            }
        }
        if decl.item.regions.isEmpty && decl.network == nil && network.isAbsent {
            error("missing-key", "node pool '\(name)' has no region: set 'network' or 'capacity.regions'", at: entry.keyLocation,
                  path: path)
        }
        capacity["regions"] = .list(decl.item.regions.map { .string($0.value) })
        attributes["capacity"] = .map(capacity)

        var update: [String: SpecValue] = ["strategy": .string("rolling"), "steps": .list([])]
        if let node = f["update"],
           let u = fields(node, path: f.path("update"), allowed: ["strategy", "steps"], what: "update") {
            let strategy = string(u["strategy"], path: u.path("strategy"), oneOf: NodePoolDecl.strategies)
            update["strategy"] = strategy.specValue { .string($0) } ?? update["strategy"]
            let steps = canarySteps(u["steps"], path: u.path("steps"))
            if !steps.isEmpty && strategy.value != "canary" {
                error("invalid-value", "'steps' only applies to the canary strategy", at: u.keyLocation("steps") ?? u.location,
                      path: u.path("steps"), hint: "set strategy: canary, or remove steps")
            }
            if strategy.value == "canary" && u["steps"] == nil {
                error("missing-key", "a canary update needs 'steps'", at: u.location, path: u.path("steps"),
                      expected: "steps: [10%, 50%, 100%]")
            }
            update["steps"] = .list(steps.map { .int($0) })
        }
        attributes["update"] = .map(update)

        attributes["labels"] = .map(stringMap(f["labels"], path: f.path("labels")).compactMapValues { $0.specValue { .string($0) } })
        var taints: [SpecValue] = []
        for taint in stringList(f["taints"], path: f.path("taints")) {
            guard let t = taint.known else { continue }
            if Self.isValidTaint(t.value) {
                taints.append(.string(t.value))
            } else {
                error("invalid-value", "'\(t.value)' is not a Kubernetes taint", at: t.location, path: f.path("taints"),
                      expected: "key[=value]:NoSchedule|PreferNoSchedule|NoExecute")
            }
        }
        attributes["taints"] = .list(taints)
        let residency = string(f["residency"], path: f.path("residency"))
        decl.residency = residency.known
        attributes["residency"] = residency.specValue { .string($0) }

        decl.item.attributes = attributes
        decl.item.references = takeReferences()
        return decl
    }

    private mutating func gpu(_ node: YAMLNode, path: String, into decl: inout NodePoolDecl) -> SpecValue? {
        guard let g = fields(node, path: path, allowed: ["model", "count", "type", "memory"], what: "gpu") else { return nil }
        var out: [String: SpecValue] = [:]
        if g["type"] != nil && g["model"] != nil {
            error("conflicting-keys", "gpu sets both 'type' and 'model'", at: g.keyLocation("type") ?? g.location, path: path,
                  hint: "give either an instance type, or a GPU model and count")
        }
        if g["type"] == nil && g["model"] == nil {
            error("missing-key", "gpu needs 'model' (with 'count') or 'type'", at: node.location, path: path,
                  expected: "gpu: { model: H100, count: 8 } or gpu: { type: p5.48xlarge }")
        }
        let type = string(g["type"], path: g.path("type"))
        decl.instanceType = type.known
        out["type"] = type.specValue { .string($0) }
        if let models = gpuModels(g["model"], path: g.path("model"), into: &decl) { out["model"] = models }
        if let memory = gpuMemory(g["memory"], path: g.path("memory")) {
            decl.gpuMemoryMinGiB = memory
            out["memory_min_gib"] = .int(memory.value)
        }
        let count = int(g["count"], path: g.path("count"), minimum: 1)
        decl.gpuCount = count.known
        if g["model"] != nil { out["count"] = count.specValue { .int($0) } ?? .int(1) }
        return .map(out)
    }

    private mutating func mig(_ node: YAMLNode, path: String, into decl: inout NodePoolDecl) -> SpecValue? {
        guard let m = fields(node, path: path, allowed: ["profile", "layout"], what: "mig") else { return nil }
        decl.migLocation = node.location
        if m["profile"] != nil && m["layout"] != nil {
            error("conflicting-keys", "mig sets both 'profile' and 'layout'", at: m.keyLocation("layout") ?? m.location,
                  path: path, hint: "use 'profile' for one profile on every GPU, 'layout' for a mix")
        }
        if let profile = string(m["profile"], path: m.path("profile")).known {
            decl.migProfile = profile
            return .map(["profile": .string(profile.value)])
        }
        guard let layoutNode = m["layout"] else {
            error("missing-key", "mig needs 'profile' or 'layout'", at: node.location, path: path,
                  expected: "mig: { profile: 1g.10gb }")
            return nil
        }
        guard let items = layoutNode.sequence else {
            error("type-mismatch", "mig layout must be a list, not \(layoutNode.kindName)", at: layoutNode.location,
                  path: m.path("layout"), expected: "layout: [{ profile: 3g.40gb, count: 1 }, { profile: 1g.10gb, count: 4 }]")
            return nil
        }
        // Encoded as `{profile name: count per GPU}`; the order of a layout does not matter.
        var out: [String: SpecValue] = [:]
        for (i, itemNode) in items.enumerated() {
            let itemPath = "\(m.path("layout"))[\(i)]"
            guard let e = fields(itemNode, path: itemPath, allowed: ["profile", "count"], required: ["profile"],
                                 what: "mig layout entry") else { continue }
            guard let profile = string(e["profile"], path: e.path("profile")).known else { continue }
            let count = e["count"] == nil ? 1 : int(e["count"], path: e.path("count"), minimum: 1).value ?? 1
            decl.migLayout.append(.init(profile: profile, count: count))
            if out[profile.value] != nil {
                error("duplicate-key", "MIG profile '\(profile.value)' is listed twice in the layout", at: profile.location,
                      path: e.path("profile"), hint: "give it once with the total count")
            }
            out[profile.value] = .int(count)
        }
        return .map(out)
    }

    private mutating func nodes(_ node: YAMLNode, path: String, into decl: inout NodePoolDecl) -> SpecValue? {
        guard let n = fields(node, path: path, allowed: ["min", "max", "desired"], required: ["max"],
                             what: "nodes") else { return nil }
        let min = int(n["min"], path: n.path("min"), minimum: 0)
        let max = int(n["max"], path: n.path("max"), minimum: 0)
        let desired = int(n["desired"], path: n.path("desired"), minimum: 0)
        decl.minNodes = min.known
        decl.maxNodes = max.known
        decl.desiredNodes = desired.known
        var out: [String: SpecValue] = [:]
        out["min"] = min.specValue { .int($0) } ?? .int(0)
        out["max"] = max.specValue { .int($0) }
        out["desired"] = desired.specValue { .int($0) } ?? out["min"]
        return .map(out)
    }

    /// Canary steps as whole percentages: `10%`, `50%`, `100%` (a bare number is a percentage too).
    private mutating func canarySteps(_ node: YAMLNode?, path: String) -> [Int] {
        guard let node else { return [] }
        guard let items = node.sequence else {
            error("type-mismatch", "steps must be a list of percentages, not \(node.kindName)", at: node.location, path: path,
                  expected: "steps: [10%, 50%, 100%]")
            return []
        }
        var out: [Int] = []
        for (i, item) in items.enumerated() {
            let value = value(item, path: "\(path)[\(i)]")
            var percent: Int?
            switch value {
            case .int(let p): percent = p
            case .string(let s) where s.hasSuffix("%"): percent = Int(s.dropLast())
            default: break
            }
            guard let p = percent, (1...100).contains(p) else {
                error("invalid-value", "canary step '\(value.interpolationText ?? "")' is not a percentage from 1% to 100%",
                      at: item.location, path: "\(path)[\(i)]", expected: "a percentage such as 10%")
                continue
            }
            if let last = out.last, p <= last {
                error("invalid-value", "canary steps must grow: \(p)% comes after \(last)%", at: item.location,
                      path: "\(path)[\(i)]")
            }
            out.append(p)
        }
        return out
    }

    static func isValidTaint(_ text: String) -> Bool {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, ["NoSchedule", "PreferNoSchedule", "NoExecute"].contains(String(parts[1])) else { return false }
        let key = parts[0].split(separator: "=", maxSplits: 1).first ?? ""
        return !key.isEmpty && !key.contains(" ")
    }
}
