extension Catalog {
    /// Instance types with exactly `count` GPUs of any of `models`, each GPU with at least
    /// `minMemoryGiB` of memory, offered by `provider` in `region`, cheapest first.
    ///
    /// This is how a pool's `gpu: { model: [H100, H200], count: 8, memory: 80GB+ }` becomes
    /// the instance types capacity failover may try, in price order.
    ///
    /// ```swift
    /// Catalog.embedded.offers(gpus: ["H100", "H200"], count: 8, minMemoryGiB: 80,
    ///                         provider: "aws", region: "us-east-1").map(\.name)
    /// // ["p5.48xlarge", "p5e.48xlarge", …]
    /// ```
    public func offers(gpus models: [String], count: Int, minMemoryGiB: Int?, provider: String,
                       region: String) -> [InstanceType] {
        let canonical = Set(models.compactMap { gpuModel($0)?.name })
        let p = Catalog.dataProvider(for: provider)
        let matches = instanceTypes.filter {
            $0.provider == p && canonical.contains($0.gpuModel) && $0.gpuCount == count && $0.isOffered(in: region)
                && $0.gpuMemoryGiB >= (minMemoryGiB ?? 0)
        }
        return rankedByPrice(matches, region: region).map { labelled($0, for: provider) }
    }
}
