/// A cloud region and the jurisdiction its data stays in.
public struct RegionInfo: Sendable, Hashable {
    /// `aws`, `gcp` or `azure`.
    public var provider: String
    /// The provider's region id: `eu-central-1`, `europe-west4`, `swedencentral`.
    public var id: String
    /// Where it is, for people: `Frankfurt`.
    public var location: String
    /// Data-residency area: `us`, `ca`, `sa`, `eu`, `uk`, `ch`, `apac`, `me`, `af`.
    ///
    /// `eu` means an EU member state, so GDPR applies directly. London (`uk`) and Zurich (`ch`)
    /// are in Europe but not in the EU; they are kept apart so a `gdpr_data_stays_in: [eu]`
    /// policy does not silently accept them.
    public var residency: String

    public init(provider: String, id: String, location: String, residency: String) {
        self.provider = provider
        self.id = id
        self.location = location
        self.residency = residency
    }

    /// Whether the region is in an EU member state.
    public var isEU: Bool { residency == "eu" }
}
