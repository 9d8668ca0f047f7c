import GantryCatalog

extension SpecLoader {
    /// The catalog used when none is given: the embedded GantryCatalog data.
    static var defaultCatalog: (any SpecCatalog)? { Catalog.embedded }
}

/// The embedded catalog seen through the narrow view validation needs.
extension Catalog: SpecCatalog {
    var gpuModelNames: [String] { knownGPUModelNames }

    func canonicalGPUModel(_ name: String) -> String? { gpuModel(name)?.name }

    func migProfiles(ofGPU model: String) -> [SpecMIGProfile] {
        (gpuModel(model)?.migProfiles ?? []).map {
            SpecMIGProfile(name: $0.name, computeSlices: $0.computeSlices, memorySlices: $0.memorySlices,
                           maxInstances: $0.maxInstances)
        }
    }

    func instanceType(_ name: String, provider: String) -> SpecInstanceType? {
        let found: InstanceType? = instanceType(name, provider: provider)
        return found.map(Self.view)
    }

    func cheapestInstance(gpu model: String, count: Int, provider: String, region: String) -> SpecInstanceType? {
        offers(gpu: model, count: count, provider: provider, region: region).first.map(Self.view)
    }

    func cheapestInstance(gpus models: [String], count: Int, minMemoryGiB: Int?, provider: String,
                          region: String) -> SpecInstanceType? {
        offers(gpus: models, count: count, minMemoryGiB: minMemoryGiB, provider: provider, region: region).first
            .map(Self.view)
    }

    func regionNames(provider: String) -> [String] { regionIDs(provider: provider) }

    private static func view(_ type: InstanceType) -> SpecInstanceType {
        let fabric: SpecInstanceType.Fabric
        switch type.interconnect.fabric {
        case .efa: fabric = .efa
        case .infiniband: fabric = .infiniband
        default: fabric = .none
        }
        return SpecInstanceType(name: type.name, gpuModel: type.gpuModel, gpuCount: type.gpuCount, fabric: fabric,
                                supportsClusterPlacement: type.interconnect.supportsClusterPlacement, regions: type.regions)
    }
}
