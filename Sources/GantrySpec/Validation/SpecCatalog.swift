/// What validation needs to know about GPUs, instance types and regions.
///
/// A narrow view of GantryCatalog, so the checks can be tested with small fixtures and do
/// not change when the catalog's data grows. `Catalog.embedded` is adapted to it in
/// `Catalog+SpecCatalog.swift`.
protocol SpecCatalog: Sendable {
    /// GPU model names, for did-you-mean (`H100`, `A100-80GB`, `L4`, …).
    var gpuModelNames: [String] { get }
    /// Whether a GPU model is known (case-insensitively).
    func canonicalGPUModel(_ name: String) -> String?
    /// The MIG profiles of a GPU model; empty when it has no MIG support.
    func migProfiles(ofGPU model: String) -> [SpecMIGProfile]
    /// An instance type by name for a provider.
    func instanceType(_ name: String, provider: String) -> SpecInstanceType?
    /// Instance type names of a provider, for did-you-mean.
    func instanceTypeNames(provider: String) -> [String]
    /// The cheapest instance type with `count` GPUs of `model` in a region.
    func cheapestInstance(gpu model: String, count: Int, provider: String, region: String) -> SpecInstanceType?
    /// The cheapest instance type with `count` GPUs of any of `models` (each GPU with at
    /// least `minMemoryGiB`) in a region.
    func cheapestInstance(gpus models: [String], count: Int, minMemoryGiB: Int?, provider: String,
                          region: String) -> SpecInstanceType?
    /// `eu`, `us`, … for a region the catalog knows.
    func residency(ofRegion region: String) -> String?
    func isKnownRegion(_ region: String, provider: String) -> Bool
    /// Region names for did-you-mean.
    func regionNames(provider: String) -> [String]
}

struct SpecMIGProfile: Sendable, Hashable {
    var name: String
    var computeSlices: Int
    var memorySlices: Int
    var maxInstances: Int
}

struct SpecInstanceType: Sendable, Hashable {
    enum Fabric: String, Sendable { case efa, infiniband, none }

    var name: String
    var gpuModel: String
    var gpuCount: Int
    var fabric: Fabric
    var supportsClusterPlacement: Bool
    var regions: [String]
}

extension SpecCatalog {
    /// Without prices or memory figures: the first model that has an offer.
    func cheapestInstance(gpus models: [String], count: Int, minMemoryGiB: Int?, provider: String,
                          region: String) -> SpecInstanceType? {
        models.lazy.compactMap { cheapestInstance(gpu: $0, count: count, provider: provider, region: region) }.first
    }
}
