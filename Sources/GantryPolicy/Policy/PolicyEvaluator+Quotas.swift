import GantryBasics

extension PolicyEvaluator.Run {
    /// `quotas`: GPUs of each model per provider (and region), counted at desired size.
    mutating func quotas() {
        for quota in policies.quotas {
            let canonical = input.catalog.gpuModel(quota.gpuModel)?.name ?? quota.gpuModel
            let scope = quota.region.map { "\(quota.provider).\($0)" } ?? quota.provider
            let id = "quotas.\(scope).\(quota.gpuModel)"
            declare(id, policies.quotaSeverity, "at most \(quota.maxGPUs) \(canonical) GPUs on \(scope)", docs: policies.quotaDocs,
                    anchor: "quotas", at: quota.location ?? policies.locations["quotas"])
            var total = 0
            var contributors: [String] = []
            var largest: (address: ResourceAddress, gpus: Int)?
            for pool in items("node_pools") where pool.provider == quota.provider {
                // A pool that fails over across regions counts against each region it may land in.
                guard quota.region.map(pool.candidateRegions.contains) ?? true else { continue }
                let gpu = input.gpu(of: pool)
                guard gpu.model.map({ input.catalog.gpuModel($0)?.name ?? $0 }) == canonical else { continue }
                let nodes = pool.attributes["nodes"]?["desired"]?.intValue ?? pool.attributes["nodes"]?["min"]?.intValue ?? 0
                let gpus = nodes * (gpu.perNode ?? 1)
                total += gpus
                if gpus > 0 { contributors.append("\(pool.address) \(nodes) × \(gpu.perNode ?? 1)") }
                if gpus > (largest?.gpus ?? 0) { largest = (pool.address, gpus) }
            }
            guard total > quota.maxGPUs else {
                pass(id, scope)
                continue
            }
            fail(id, scope, policies.quotaSeverity,
                 "\(total) \(canonical) GPUs planned on \(scope), over the quota of \(quota.maxGPUs)",
                 address: largest?.address, at: quota.location ?? policies.locations["quotas"],
                 hint: "pools: " + contributors.joined(separator: ", ") + "; lower nodes.desired or raise the quota")
        }
    }
}
