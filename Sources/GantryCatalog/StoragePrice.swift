/// The monthly price of a GiB in one storage tier of one provider.
public struct StoragePrice: Sendable, Hashable {
    /// Gantry's storage tiers, as written in the spec's `tier:` field.
    public enum Tier: String, Sendable, Hashable, CaseIterable {
        case hot, warm, cold
    }

    public var provider: String
    /// A region the price was read for; prices differ by region.
    public var region: String
    public var tier: Tier
    /// The spec's `filesystem:` value this price serves: `lustre`, `nfs` or `object`.
    public var filesystem: String
    /// The provider's product and class: `FSx for Lustre PERSISTENT_2`, `S3 Standard-IA`.
    public var product: String
    /// For throughput-provisioned file systems, MB/s per TiB the price buys; otherwise `nil`.
    public var throughputPerTiB: Int?
    /// USD per GiB-month of stored data (AWS bills "GB-month" meaning 2^30 bytes).
    public var usdPerGiBMonth: Double
    /// Where the figure comes from; contains `unverified` when it could not be checked against
    /// a stored copy of the provider's price page.
    public var source: String

    public init(provider: String, region: String, tier: Tier, filesystem: String, product: String,
                throughputPerTiB: Int? = nil, usdPerGiBMonth: Double, source: String) {
        self.provider = provider
        self.region = region
        self.tier = tier
        self.filesystem = filesystem
        self.product = product
        self.throughputPerTiB = throughputPerTiB
        self.usdPerGiBMonth = usdPerGiBMonth
        self.source = source
    }

    /// Whether the figure is flagged as not checked against its source.
    public var isUnverified: Bool { source.contains("unverified") }
}

extension Catalog {
    /// Storage prices of `provider` (`sim` answers with AWS) for `tier`, optionally narrowed
    /// to a `filesystem` (`lustre`, `nfs`, `object`) and a throughput level.
    public func storagePrices(provider: String, tier: StoragePrice.Tier, filesystem: String? = nil,
                              throughputPerTiB: Int? = nil) -> [StoragePrice] {
        let p = Catalog.dataProvider(for: provider)
        return storagePrices.filter { price in
            price.provider == p && price.tier == tier
                && (filesystem.map { price.filesystem == $0 } ?? true)
                && (throughputPerTiB.map { price.throughputPerTiB == $0 } ?? true)
        }
    }
}
