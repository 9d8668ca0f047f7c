/// The embedded, dated GPU-cloud catalog: instance types, GPU models, regions, storage prices.
///
/// Every figure carries its public source (see `Docs/catalog.md`); prices nobody published are
/// `nil`. The data is Swift literals, so it ships inside the binary and needs no resource file.
///
/// The `sim` provider simulates AWS, so `provider: "sim"` answers with the AWS entries (same
/// names, regions and prices, with `provider` set to `sim`).
///
/// ```swift
/// let catalog = Catalog.embedded
/// catalog.offers(gpu: "H100", count: 8, provider: "aws", region: "us-east-1").first?.name
/// // "p5.48xlarge"
/// catalog.gpuModel("a100 80gb")?.migProfile("3g.40gb")?.maxInstances   // 2
/// Catalog.isEURegion("eu-central-1")                                   // true
/// ```
public struct Catalog: Sendable {
    /// The catalog compiled into Gantry.
    public static let embedded = Catalog(
        date: "2026-11-26",
        instanceTypes: Catalog.awsInstanceTypes + Catalog.gcpInstanceTypes + Catalog.azureInstanceTypes,
        gpuModels: Catalog.embeddedGPUModels,
        regions: Catalog.embeddedRegions,
        storagePrices: Catalog.awsStoragePrices)

    /// The day the figures were last checked against their sources (`YYYY-MM-DD`).
    public let date: String
    public let instanceTypes: [InstanceType]
    public let gpuModels: [GPUModel]
    /// Every region the catalog knows, with its residency.
    public let regions: [RegionInfo]
    /// Storage prices per tier (hot/warm/cold) and service.
    public let storagePrices: [StoragePrice]

    private let typeIndex: [TypeKey: Int]
    private let modelIndex: [String: Int]
    private let regionIndex: [String: Int]

    private struct TypeKey: Hashable {
        var provider: String
        var name: String
    }

    public init(date: String, instanceTypes: [InstanceType], gpuModels: [GPUModel],
                regions: [RegionInfo], storagePrices: [StoragePrice] = []) {
        self.date = date
        self.instanceTypes = instanceTypes
        self.gpuModels = gpuModels
        self.regions = regions
        self.storagePrices = storagePrices
        var types: [TypeKey: Int] = [:]
        for (i, t) in instanceTypes.enumerated() { types[TypeKey(provider: t.provider, name: t.name)] = i }
        var models: [String: Int] = [:]
        for (i, m) in gpuModels.enumerated() {
            for spelling in [m.name] + m.aliases { models[Catalog.normalisedModelName(spelling)] = i }
        }
        var regionsByID: [String: Int] = [:]
        for (i, r) in regions.enumerated() { regionsByID[r.id] = i }
        self.typeIndex = types
        self.modelIndex = models
        self.regionIndex = regionsByID
    }

    // MARK: - Providers

    /// The provider whose data answers for `provider`: `sim` simulates AWS.
    public static func dataProvider(for provider: String) -> String {
        let p = provider.lowercased()
        return p == "sim" ? "aws" : p
    }

    /// Re-labels an entry for the provider that asked (`sim` gets AWS data under its own name).
    func labelled(_ type: InstanceType, for provider: String) -> InstanceType {
        let asked = provider.lowercased()
        guard type.provider != asked else { return type }
        var copy = type
        copy.provider = asked
        return copy
    }

    // MARK: - Lookups

    /// The instance type `name` of `provider`, or `nil` if the catalog does not know it.
    public func instanceType(_ name: String, provider: String) -> InstanceType? {
        let key = TypeKey(provider: Catalog.dataProvider(for: provider), name: name)
        return typeIndex[key].map { labelled(instanceTypes[$0], for: provider) }
    }

    /// The names of every instance type of `provider`, for did-you-mean suggestions.
    public func instanceTypeNames(provider: String) -> [String] {
        let p = Catalog.dataProvider(for: provider)
        return instanceTypes.filter { $0.provider == p }.map(\.name)
    }

    /// The GPU model called `name`, accepting the usual spellings: `h100`, `H100-80GB`,
    /// `A100-80GB`, `a100 80gb`, `nvidia l40s`. Plain `A100` means the 40 GB part (as in
    /// SkyPilot and the clouds' own naming); say `A100-80GB` for the larger one.
    public func gpuModel(_ name: String) -> GPUModel? {
        modelIndex[Catalog.normalisedModelName(name)].map { gpuModels[$0] }
    }

    /// Canonical names of every GPU model, for did-you-mean suggestions.
    public var knownGPUModelNames: [String] { gpuModels.map(\.name) }

    /// Instance types with exactly `count` GPUs of `model`, offered by `provider` (in `region`
    /// when given), cheapest first.
    ///
    /// Ranking uses the on-demand price in `region`, or the lowest on-demand price over all
    /// regions when `region` is `nil`; types without a known price come last, by name.
    public func offers(gpu model: String, count: Int, provider: String, region: String?) -> [InstanceType] {
        guard let canonical = gpuModel(model)?.name else { return [] }
        let p = Catalog.dataProvider(for: provider)
        let matches = instanceTypes.filter {
            $0.provider == p && $0.gpuModel == canonical && $0.gpuCount == count
                && (region.map($0.isOffered(in:)) ?? true)
        }
        return rankedByPrice(matches, region: region).map { labelled($0, for: provider) }
    }

    /// The cheapest instance type with exactly `count` GPUs of `model` in `region`, if any
    /// (a type without a known price only when no priced one exists).
    public func cheapestOffer(gpu model: String, count: Int, provider: String, region: String) -> InstanceType? {
        offers(gpu: model, count: count, provider: provider, region: region).first
    }

    /// Instance types matching every filter that is not `nil`, cheapest first.
    ///
    /// - Parameters:
    ///   - gpu: a GPU model name in any accepted spelling; an unknown model matches nothing.
    ///   - minCount: at least this many GPUs per instance.
    ///   - region: offered in this region.
    ///   - provider: of this provider (`sim` searches the AWS entries).
    public func search(gpu: String?, minCount: Int?, region: String?, provider: String?) -> [InstanceType] {
        var canonical: String?
        if let gpu {
            guard let model = gpuModel(gpu) else { return [] }
            canonical = model.name
        }
        let p = provider.map(Catalog.dataProvider(for:))
        let matches = instanceTypes.filter { t in
            (canonical.map { t.gpuModel == $0 } ?? true)
                && (minCount.map { t.gpuCount >= $0 } ?? true)
                && (region.map(t.isOffered(in:)) ?? true)
                && (p.map { t.provider == $0 } ?? true)
        }
        let ranked = rankedByPrice(matches, region: region)
        guard let provider else { return ranked }
        return ranked.map { labelled($0, for: provider) }
    }

    func rankedByPrice(_ types: [InstanceType], region: String?) -> [InstanceType] {
        func key(_ t: InstanceType) -> Double? {
            if let region { return t.price(in: region)?.onDemandHourlyUSD }
            return t.cheapestOnDemandHourlyUSD
        }
        return types.map { ($0, key($0)) }.sorted { a, b in
            switch (a.1, b.1) {
            case let (x?, y?) where x != y: return x < y
            case (.some, nil): return true
            case (nil, .some): return false
            default: return (a.0.provider, a.0.name) < (b.0.provider, b.0.name)
            }
        }.map(\.0)
    }

    // MARK: - Regions

    /// The region `id`, if the catalog knows it.
    public func region(_ id: String) -> RegionInfo? { regionIndex[id].map { regions[$0] } }

    /// The data-residency area of `region`: `us`, `eu`, `uk`, `ch`, `apac`, … (see `RegionInfo`).
    public func residency(ofRegion region: String) -> String? { self.region(region)?.residency }

    /// Whether `region` is one of `provider`'s regions (`sim` has AWS's regions).
    public func isKnownRegion(_ region: String, provider: String) -> Bool {
        self.region(region)?.provider == Catalog.dataProvider(for: provider)
    }

    /// The ids of every region of `provider`, for did-you-mean suggestions.
    public func regionIDs(provider: String) -> [String] {
        let p = Catalog.dataProvider(for: provider)
        return regions.filter { $0.provider == p }.map(\.id)
    }

    /// Whether `region` is in an EU member state (where GDPR applies directly).
    public func isEURegion(_ region: String) -> Bool { self.region(region)?.isEU ?? false }

    /// Whether `region` is in an EU member state, per the embedded catalog.
    public static func isEURegion(_ region: String) -> Bool { embedded.isEURegion(region) }

    // MARK: - Names

    /// Lowercased, without spaces, `-`, `_` or a leading `nvidia`: `"A100 80GB"` → `"a10080gb"`.
    static func normalisedModelName(_ name: String) -> String {
        var s = name.lowercased().filter { !" -_".contains($0) }
        if s.hasPrefix("nvidia") { s.removeFirst("nvidia".count) }
        return s
    }
}
