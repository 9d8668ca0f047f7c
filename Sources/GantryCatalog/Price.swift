/// The hourly price of one instance in one region.
///
/// A figure nobody published is `nil`, never a guess: P5e, for example, is sold through
/// capacity blocks and has no on-demand list price.
public struct Price: Sendable, Hashable {
    /// On-demand price in USD per instance-hour (Linux), if published.
    public var onDemandHourlyUSD: Double?
    /// A spot price seen in the source snapshot (lowest zone), if any; spot prices move hourly.
    public var spotHourlyUSD: Double?
    /// Where the figures come from, with its date.
    public var source: String

    public init(onDemandHourlyUSD: Double?, spotHourlyUSD: Double? = nil, source: String) {
        self.onDemandHourlyUSD = onDemandHourlyUSD
        self.spotHourlyUSD = spotHourlyUSD
        self.source = source
    }
}
