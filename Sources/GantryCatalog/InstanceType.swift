/// A GPU instance type of one provider: what it contains, where it is offered, what it costs.
public struct InstanceType: Sendable, Hashable {
    /// `aws`, `gcp` or `azure` (or `sim`, which mirrors `aws`).
    public var provider: String
    /// The provider's name for the type, e.g. `p5.48xlarge`, `a3-highgpu-8g`.
    public var name: String
    /// Canonical GPU model name (see `GPUModel.name`).
    public var gpuModel: String
    /// GPUs per instance.
    public var gpuCount: Int
    /// Memory of *one* GPU in GiB; see `totalGPUMemoryGiB` for the instance.
    public var gpuMemoryGiB: Int
    public var vcpus: Int
    /// Host memory in GiB (GCP and Azure publish "GB"; the figure is kept as published).
    public var memoryGiB: Int
    public var interconnect: Interconnect
    /// Region ids where the type is offered.
    public var regions: [String]
    /// Hourly prices by region id; a region without an entry has no known price.
    public var prices: [String: Price]
    /// One entry per group of figures: `"specs: …"`, `"regions: …"`, `"interconnect: …"`.
    public var sources: [String]

    public init(provider: String, name: String, gpuModel: String, gpuCount: Int, gpuMemoryGiB: Int,
                vcpus: Int, memoryGiB: Int, interconnect: Interconnect, regions: [String],
                prices: [String: Price], sources: [String]) {
        self.provider = provider
        self.name = name
        self.gpuModel = gpuModel
        self.gpuCount = gpuCount
        self.gpuMemoryGiB = gpuMemoryGiB
        self.vcpus = vcpus
        self.memoryGiB = memoryGiB
        self.interconnect = interconnect
        self.regions = regions
        self.prices = prices
        self.sources = sources
    }

    /// The price in `region`, if the catalog knows one.
    public func price(in region: String) -> Price? { prices[region] }

    /// Whether the type is offered in `region`.
    public func isOffered(in region: String) -> Bool { regions.contains(region) }

    /// GPU memory of the whole instance in GiB.
    public var totalGPUMemoryGiB: Int { gpuMemoryGiB * gpuCount }

    /// The lowest on-demand price over all regions, if any is known.
    public var cheapestOnDemandHourlyUSD: Double? {
        prices.values.compactMap(\.onDemandHourlyUSD).min()
    }
}
