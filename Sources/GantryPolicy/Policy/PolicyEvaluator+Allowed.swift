import GantryBasics

extension PolicyEvaluator.Run {
    /// `allowed`: GPU models, instance types and markets of node pools, and every item's region.
    mutating func allowed() {
        guard let allowed = policies.allowed else { return }
        let catalog = input.catalog
        let pools = items("node_pools")
        if let models = allowed.gpuModels {
            let canonical = models.map { catalog.gpuModel($0)?.name ?? $0 }
            let id = "allowed.gpu_models"
            declare(id, allowed.severity, "GPU models: \(models.joined(separator: ", "))", docs: allowed.docs,
                    anchor: "allowed", at: sources.location(of: "policies.allowed.gpu_models"))
            for pool in pools {
                let model = input.gpu(of: pool).model
                if let model, !canonical.contains(catalog.gpuModel(model)?.name ?? model) {
                    fail(id, pool.address.rawValue, allowed.severity,
                         "\(pool.address) uses \(model) GPUs, which are not allowed (allowed: \(models.joined(separator: ", ")))",
                         address: pool.address, at: location(of: pool, "gpu.model", "gpu.type", "gpu"))
                } else {
                    pass(id, pool.address.rawValue)
                }
            }
        }
        if let types = allowed.instanceTypes {
            let id = "allowed.instance_types"
            declare(id, allowed.severity, "instance types: \(types.joined(separator: ", "))", docs: allowed.docs,
                    anchor: "allowed", at: sources.location(of: "policies.allowed.instance_types"))
            for pool in pools {
                if let type = input.gpu(of: pool).instanceType, !types.contains(type) {
                    fail(id, pool.address.rawValue, allowed.severity,
                         "\(pool.address) runs on \(type), which is not an allowed instance type (allowed: \(types.joined(separator: ", ")))",
                         address: pool.address, at: location(of: pool, "gpu.type", "gpu.model", "gpu"))
                } else {
                    pass(id, pool.address.rawValue)
                }
            }
        }
        if let markets = allowed.markets {
            let id = "allowed.markets"
            declare(id, allowed.severity, "markets: \(markets.joined(separator: ", "))", docs: allowed.docs,
                    anchor: "allowed", at: sources.location(of: "policies.allowed.markets"))
            for pool in pools {
                let market = pool.attributes["capacity"]?["market"]?.stringValue ?? "on-demand"
                if markets.contains(market) {
                    pass(id, pool.address.rawValue)
                } else {
                    fail(id, pool.address.rawValue, allowed.severity,
                         "\(pool.address) buys \(market) capacity, which is not allowed (allowed: \(markets.joined(separator: ", ")))",
                         address: pool.address, at: location(of: pool, "capacity.market", "capacity"))
                }
            }
        }
        if let regions = allowed.regions {
            let id = "allowed.regions"
            declare(id, allowed.severity, "regions: \(regions.joined(separator: ", "))", docs: allowed.docs,
                    anchor: "allowed", at: sources.location(of: "policies.allowed.regions"))
            for item in input.intents where item.kind != "regions" {
                // A pool that fails over across regions must be allowed in each it may land in.
                for region in item.candidateRegions {
                    let area = input.residency(ofRegion: region)
                    if regions.contains(region) || area.map(regions.contains) == true {
                        pass(id, item.address.rawValue)
                    } else {
                        fail(id, item.address.rawValue, allowed.severity,
                             "\(item.address) \(item.region == nil ? "may land" : "is") in \(region), which is not an "
                                 + "allowed region (allowed: \(regions.joined(separator: ", ")))",
                             address: item.address, at: regionLocation(of: item, region: region))
                    }
                }
            }
        }
    }

    /// `required_labels` on node pools (`labels:`), `required_tags` on raw resources (`properties.tags`).
    mutating func requiredKeys() {
        if let required = policies.requiredLabels {
            let id = "required_labels"
            declare(id, required.severity, "node pools carry labels: \(required.keys.joined(separator: ", "))",
                    docs: required.docs, anchor: "required-labels", at: sources.location(of: "policies.required_labels"))
            for pool in items("node_pools") {
                let labels = pool.attributes["labels"]?.objectValue ?? [:]
                let missing = required.keys.filter { labels[$0] == nil }
                if missing.isEmpty {
                    pass(id, pool.address.rawValue)
                } else {
                    fail(id, pool.address.rawValue, required.severity,
                         "\(pool.address) lacks the required label\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", "))",
                         address: pool.address, at: location(of: pool, "labels"),
                         hint: "add labels: { \(missing.map { "\($0): …" }.joined(separator: ", ")) }")
                }
            }
        }
        if let required = policies.requiredTags {
            let id = "required_tags"
            declare(id, required.severity, "raw resources carry tags: \(required.keys.joined(separator: ", "))",
                    docs: required.docs, anchor: "required-tags", at: sources.location(of: "policies.required_tags"))
            for resource in items("resources") {
                let tags = resource.attributes["properties"]?["tags"]?.objectValue ?? [:]
                let missing = required.keys.filter { tags[$0] == nil }
                if missing.isEmpty {
                    pass(id, resource.address.rawValue)
                } else {
                    fail(id, resource.address.rawValue, required.severity,
                         "\(resource.address) lacks the required tag\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", "))",
                         address: resource.address, at: location(of: resource, "properties.tags", "properties"),
                         hint: "add properties: { tags: { \(missing.map { "\($0): …" }.joined(separator: ", ")) } }")
                }
            }
        }
    }
}
