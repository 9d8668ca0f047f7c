import Foundation
import GantryBasics

/// The instance types, prices and regions the simulated cloud offers.
///
/// The sim behaves like AWS, so it answers from the AWS entries of the GPU catalog.
/// This adapter is the only place the simulator reads catalog data.
// TODO(catalog): answer from `GantryCatalog` once it lands; the table below mirrors a few
// of its AWS entries (Karpenter's instance-type reference, SkyPilot catalog prices).
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
        /// On-demand USD per hour; spot is charged at a third of it.
        public var pricePerHour: Double

        public func price(market: String) -> Double {
            market == SimMarket.spot ? (pricePerHour / 3 * 100).rounded() / 100 : pricePerHour
        }
    }

    /// The AWS regions of the catalog: the sim's default world.
    public static let regions = ["us-east-1", "us-east-2", "us-west-2", "eu-central-1", "eu-west-1",
                                 "eu-north-1", "ap-northeast-1"]

    private static let types: [InstanceType] = [
        .init(name: "p5.48xlarge", gpuModel: "H100", gpuCount: 8, fabric: "efa", efaInterfaces: 32,
              supportsClusterPlacement: true, pricePerHour: 98.32),
        .init(name: "p5e.48xlarge", gpuModel: "H200", gpuCount: 8, fabric: "efa", efaInterfaces: 32,
              supportsClusterPlacement: true, pricePerHour: 110.0),
        .init(name: "p5en.48xlarge", gpuModel: "H200", gpuCount: 8, fabric: "efa", efaInterfaces: 16,
              supportsClusterPlacement: true, pricePerHour: 84.8),
        .init(name: "p4d.24xlarge", gpuModel: "A100", gpuCount: 8, fabric: "efa", efaInterfaces: 4,
              supportsClusterPlacement: true, pricePerHour: 32.77),
        .init(name: "p4de.24xlarge", gpuModel: "A100-80GB", gpuCount: 8, fabric: "efa", efaInterfaces: 4,
              supportsClusterPlacement: true, pricePerHour: 40.97),
        .init(name: "g6e.48xlarge", gpuModel: "L40S", gpuCount: 8, fabric: "efa", efaInterfaces: 4,
              supportsClusterPlacement: true, pricePerHour: 30.13),
        .init(name: "g5.48xlarge", gpuModel: "A10G", gpuCount: 8, fabric: "efa", efaInterfaces: 1,
              supportsClusterPlacement: true, pricePerHour: 16.29),
        .init(name: "g5.xlarge", gpuModel: "A10G", gpuCount: 1, fabric: "none", efaInterfaces: 0,
              supportsClusterPlacement: false, pricePerHour: 1.006),
        .init(name: "g6.48xlarge", gpuModel: "L4", gpuCount: 8, fabric: "efa", efaInterfaces: 1,
              supportsClusterPlacement: true, pricePerHour: 13.35),
        .init(name: "g6.xlarge", gpuModel: "L4", gpuCount: 1, fabric: "none", efaInterfaces: 0,
              supportsClusterPlacement: false, pricePerHour: 0.805),
    ]

    private static let byName = Dictionary(uniqueKeysWithValues: types.map { ($0.name, $0) })

    /// The type named `name`, if the sim offers it.
    public static func instanceType(_ name: String) -> InstanceType? { byName[name] }

    /// The cheapest type with `count` GPUs of `model` in `region`, if any.
    public static func cheapest(gpuModel model: String, count: Int, region: String) -> InstanceType? {
        guard regions.contains(region) || !regions.isEmpty else { return nil }
        return types.filter { $0.gpuModel.caseInsensitiveCompare(model) == .orderedSame && $0.gpuCount == count }
            .min { $0.pricePerHour < $1.pricePerHour }
    }

    /// Every type carrying `model` GPUs, cheapest first.
    public static func offers(gpuModel model: String) -> [InstanceType] {
        types.filter { $0.gpuModel.caseInsensitiveCompare(model) == .orderedSame }
            .sorted { $0.pricePerHour < $1.pricePerHour }
    }

    /// Every GPU model the sim knows, for messages.
    public static var gpuModels: [String] { Array(Set(types.map(\.gpuModel))).sorted() }
}
