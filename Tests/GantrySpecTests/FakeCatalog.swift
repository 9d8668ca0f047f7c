@testable import GantrySpec

/// A small, fixed catalog so validation tests do not change when the real data does.
struct FakeCatalog: SpecCatalog {
    static let h100MIG: [SpecMIGProfile] = [
        .init(name: "1g.10gb", computeSlices: 1, memorySlices: 1, maxInstances: 7),
        .init(name: "1g.20gb", computeSlices: 1, memorySlices: 2, maxInstances: 4),
        .init(name: "2g.20gb", computeSlices: 2, memorySlices: 2, maxInstances: 3),
        .init(name: "3g.40gb", computeSlices: 3, memorySlices: 4, maxInstances: 2),
        .init(name: "4g.40gb", computeSlices: 4, memorySlices: 4, maxInstances: 1),
        .init(name: "7g.80gb", computeSlices: 7, memorySlices: 8, maxInstances: 1),
    ]
    static let regions = ["us-east-1": "us", "us-west-2": "us", "eu-central-1": "eu", "eu-west-1": "eu"]
    static let types: [SpecInstanceType] = [
        .init(name: "p5.48xlarge", gpuModel: "H100", gpuCount: 8, fabric: .efa, supportsClusterPlacement: true,
              regions: ["us-east-1", "us-west-2", "eu-central-1"]),
        .init(name: "g5.xlarge", gpuModel: "A10G", gpuCount: 1, fabric: .none, supportsClusterPlacement: false,
              regions: ["us-east-1", "us-west-2", "eu-central-1", "eu-west-1"]),
        .init(name: "g6.xlarge", gpuModel: "L4", gpuCount: 1, fabric: .none, supportsClusterPlacement: false,
              regions: ["us-east-1", "us-west-2", "eu-central-1"]),
    ]

    var gpuModelNames: [String] { ["H100", "A10G", "L4"] }
    func canonicalGPUModel(_ name: String) -> String? { gpuModelNames.first { $0.lowercased() == name.lowercased() } }
    func migProfiles(ofGPU model: String) -> [SpecMIGProfile] { model == "H100" ? Self.h100MIG : [] }
    func instanceType(_ name: String, provider: String) -> SpecInstanceType? { Self.types.first { $0.name == name } }
    func instanceTypeNames(provider: String) -> [String] { Self.types.map(\.name) }
    func cheapestInstance(gpu model: String, count: Int, provider: String, region: String) -> SpecInstanceType? {
        Self.types.first { $0.gpuModel == model && $0.gpuCount == count && $0.regions.contains(region) }
    }
    func residency(ofRegion region: String) -> String? { Self.regions[region] }
    func isKnownRegion(_ region: String, provider: String) -> Bool { Self.regions[region] != nil }
    func regionNames(provider: String) -> [String] { Self.regions.keys.sorted() }
}

/// Loads `yaml` with the fake catalog.
func loadWithCatalog(_ yaml: String, variables: [String: String] = [:]) -> SpecLoadResult {
    var loader = SpecLoader(variables: variables, environment: [:])
    loader.catalog = FakeCatalog()
    return loader.load(files: [("spec.yaml", Array(yaml.utf8))])
}
