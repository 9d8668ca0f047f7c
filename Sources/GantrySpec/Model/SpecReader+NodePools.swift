import GantryBasics

extension SpecReader {
    mutating func nodePool(_ entry: YAMLNode.Entry, providers: [String], defaultProvider: String,
                           networkRegions: [String: [Located<String>]]) -> NodePoolDecl? {
        let name = entry.key
        let path = "node_pools.\(name)"
        let allowed = ["network", "gpu", "mig", "nodes", "capacity", "update", "labels", "taints", "residency", "provider",
                       "protect"]
        guard let f = fields(entry.value, path: path, allowed: allowed, required: ["gpu", "nodes"],
                             what: "node pool '\(name)'") else { return nil }
        let item = ItemDecl(kind: "node_pools", name: name, location: entry.keyLocation,
                            provider: provider(f, configured: providers, default: defaultProvider))
        var decl = NodePoolDecl(item: item)
        decl.item.protected = protectFlag(f)
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
        if decl.item.regionsAreFailoverOrder {
            capacity["regions"] = .list(decl.item.regions.map { .string($0.value) })
        }
        attributes["capacity"] = .map(capacity)

        attributes["update"] = updateStrategy(f["update"], path: f.path("update"))

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

    static func isValidTaint(_ text: String) -> Bool {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, ["NoSchedule", "PreferNoSchedule", "NoExecute"].contains(String(parts[1])) else { return false }
        let key = parts[0].split(separator: "=", maxSplits: 1).first ?? ""
        return !key.isEmpty && !key.contains(" ")
    }
}
