extension Catalog {
    /// GPU models with their MIG profiles (maximum instances of one profile per GPU).
    static let embeddedGPUModels: [GPUModel] = [
        GPUModel(name: "H100", memoryGiB: 80, migProfiles: mig80GB,
                 aliases: ["H100-80GB", "H100 80GB", "H100-SXM", "H100 SXM5"],
                 source: "\(CatalogSource.nvidiaSpecs); MIG: \(CatalogSource.migParted)"),
        GPUModel(name: "H200", memoryGiB: 141, migProfiles: [
                    MIGProfile(name: "1g.18gb", computeSlices: 1, memorySlices: 1, maxInstances: 7),
                    MIGProfile(name: "1g.35gb", computeSlices: 1, memorySlices: 2, maxInstances: 4),
                    MIGProfile(name: "2g.35gb", computeSlices: 2, memorySlices: 2, maxInstances: 3),
                    MIGProfile(name: "3g.71gb", computeSlices: 3, memorySlices: 4, maxInstances: 2),
                    MIGProfile(name: "4g.71gb", computeSlices: 4, memorySlices: 4, maxInstances: 1),
                    MIGProfile(name: "7g.141gb", computeSlices: 7, memorySlices: 8, maxInstances: 1),
                 ],
                 aliases: ["H200-141GB", "H200 141GB"],
                 source: "\(CatalogSource.nvidiaSpecs); MIG: \(CatalogSource.migParted)"),
        GPUModel(name: "A100-40GB", memoryGiB: 40, migProfiles: [
                    MIGProfile(name: "1g.5gb", computeSlices: 1, memorySlices: 1, maxInstances: 7),
                    MIGProfile(name: "1g.5gb+me", computeSlices: 1, memorySlices: 1, maxInstances: 1),
                    MIGProfile(name: "1g.10gb", computeSlices: 1, memorySlices: 2, maxInstances: 4),
                    MIGProfile(name: "2g.10gb", computeSlices: 2, memorySlices: 2, maxInstances: 3),
                    MIGProfile(name: "3g.20gb", computeSlices: 3, memorySlices: 4, maxInstances: 2),
                    MIGProfile(name: "4g.20gb", computeSlices: 4, memorySlices: 4, maxInstances: 1),
                    MIGProfile(name: "7g.40gb", computeSlices: 7, memorySlices: 8, maxInstances: 1),
                 ],
                 // Plain "A100" is the 40 GB part, as in SkyPilot's and the clouds' naming.
                 aliases: ["A100", "A100 40GB", "A100-SXM4-40GB"],
                 source: "\(CatalogSource.nvidiaSpecs); MIG: \(CatalogSource.migParted)"),
        GPUModel(name: "A100-80GB", memoryGiB: 80, migProfiles: mig80GB,
                 aliases: ["A100 80GB", "A100-SXM4-80GB"],
                 source: "\(CatalogSource.nvidiaSpecs); MIG: \(CatalogSource.migParted) (same table as H100 80GB)"),
        GPUModel(name: "A10G", memoryGiB: 24, aliases: ["A10G-24GB"], source: CatalogSource.nvidiaSpecs),
        GPUModel(name: "L4", memoryGiB: 24, aliases: ["L4-24GB"], source: CatalogSource.nvidiaSpecs),
        GPUModel(name: "L40S", memoryGiB: 48, aliases: ["L40S-48GB"], source: CatalogSource.nvidiaSpecs),
    ]

    /// The MIG table shared by H100 80GB and A100 80GB.
    private static let mig80GB: [MIGProfile] = [
        MIGProfile(name: "1g.10gb", computeSlices: 1, memorySlices: 1, maxInstances: 7),
        MIGProfile(name: "1g.10gb+me", computeSlices: 1, memorySlices: 1, maxInstances: 1),
        MIGProfile(name: "1g.20gb", computeSlices: 1, memorySlices: 2, maxInstances: 4),
        MIGProfile(name: "2g.20gb", computeSlices: 2, memorySlices: 2, maxInstances: 3),
        MIGProfile(name: "3g.40gb", computeSlices: 3, memorySlices: 4, maxInstances: 2),
        MIGProfile(name: "4g.40gb", computeSlices: 4, memorySlices: 4, maxInstances: 1),
        MIGProfile(name: "7g.80gb", computeSlices: 7, memorySlices: 8, maxInstances: 1),
    ]
}
