import GantryBasics
import GantryCatalog

/// The instance types, prices and regions the simulated cloud offers: the AWS entries of
/// the GPU catalog (`provider: "sim"` answers with them).
///
/// The only place the simulator reads catalog data, reduced to what a simulated cloud
/// needs.
public enum SimCatalog {
    /// One instance type as the sim needs it.
    public struct InstanceType: Sendable, Hashable {
        public var name: String
        public var gpuModel: String
        public var gpuCount: Int
        /// `efa`, or `none` when the type has no RDMA fabric.
        public var fabric: String
        public var efaInterfaces: Int
        public var supportsClusterPlacement: Bool
        /// Regions that offer it.
        public var regions: [String]
        fileprivate var prices: [String: Price]

        /// USD per node-hour in `region` and `market`, when the catalog has a figure. Spot
        /// without a published figure is simulated at 30 % of on-demand, a typical discount.
        public func price(region: String, market: String) -> Double? {
            let price = prices[region] ?? prices.values.min { ($0.onDemandHourlyUSD ?? .infinity) < ($1.onDemandHourlyUSD ?? .infinity) }
            guard let price else { return nil }
            if market == SimMarket.spot {
                return price.spotHourlyUSD ?? price.onDemandHourlyUSD.map { ($0 * 0.3 * 100).rounded() / 100 }
            }
            return price.onDemandHourlyUSD
        }

        public func isOffered(in region: String) -> Bool { regions.contains(region) }

        init(_ t: GantryCatalog.InstanceType) {
            name = t.name
            gpuModel = t.gpuModel
            gpuCount = t.gpuCount
            fabric = t.interconnect.fabric.rawValue
            efaInterfaces = t.interconnect.efaInterfaces
            supportsClusterPlacement = t.interconnect.supportsClusterPlacement
            regions = t.regions
            prices = t.prices
        }
    }

    private static let catalog = Catalog.embedded
    private static let provider = "sim"

    /// The AWS regions of the catalog: the sim's default world.
    public static var regions: [String] { catalog.regionIDs(provider: provider) }

    /// The type named `name`, if the sim offers it anywhere.
    public static func instanceType(_ name: String) -> InstanceType? {
        catalog.instanceType(name, provider: provider).map(InstanceType.init)
    }

    /// Types with `count` GPUs of `model` in `region`, cheapest first; with no `count`, the
    /// types with the fewest GPUs of that model come first.
    public static func offers(gpuModel model: String, count: Int?, region: String) -> [InstanceType] {
        if let count {
            return catalog.offers(gpu: model, count: count, provider: provider, region: region).map(InstanceType.init)
        }
        let found = catalog.search(gpu: model, minCount: nil, region: region, provider: provider)
        guard let fewest = found.map(\.gpuCount).min() else { return [] }
        return found.filter { $0.gpuCount == fewest }.map(InstanceType.init)
    }

    /// Types carrying `model` GPUs in any region, for messages.
    public static func anywhere(gpuModel model: String) -> [InstanceType] {
        catalog.search(gpu: model, minCount: nil, region: nil, provider: provider).map(InstanceType.init)
    }

    /// The catalog's canonical name of a GPU model (`h100` → `H100`), or nil when unknown.
    public static func canonicalGPUModel(_ name: String) -> String? { catalog.gpuModel(name)?.name }

    /// The MIG profiles of a GPU model, when it has any.
    public static func migProfiles(gpuModel: String) -> [MIGProfile] { catalog.gpuModel(gpuModel)?.migProfiles ?? [] }

    /// A GPU model with its MIG profiles, by any of its spellings.
    public static func gpuModel(_ name: String) -> GPUModel? { catalog.gpuModel(name) }

    /// Every GPU model the catalog knows, for messages.
    public static var gpuModels: [String] { catalog.knownGPUModelNames }
}
