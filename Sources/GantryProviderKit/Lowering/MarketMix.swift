import GantryBasics

/// How a mixed node group splits its nodes between on-demand and spot: the first
/// `onDemandBase` nodes on-demand, then `spotPercent` of the rest as spot (rounded down),
/// the remainder on-demand.
///
/// This is the one rule both sides use: the engine writes `spot_percent` and
/// `on_demand_base` onto a pool's spot offer and forecasts each market's share, and a
/// provider buys, checks quotas and reports nodes per market with the same split.
///
/// ```swift
/// MarketMix(onDemandBase: 1, spotPercent: 50).split(5)   // ["on-demand": 3, "spot": 2]
/// ```
public struct MarketMix: Sendable, Hashable {
    /// The purchase markets, in the order a shortage is reported.
    public static let spot = "spot"
    public static let onDemand = "on-demand"
    /// The node group attributes that carry a mix (written by the engine's offers).
    public static let spotPercentKey = "spot_percent"
    public static let onDemandBaseKey = "on_demand_base"

    public var onDemandBase: Int
    public var spotPercent: Int

    public init(onDemandBase: Int, spotPercent: Int) {
        self.onDemandBase = onDemandBase
        self.spotPercent = spotPercent
    }

    /// The mix a node group's attributes ask for: only a `spot` group with `spot_percent`
    /// is mixed; nil otherwise.
    public init?(attributes: [String: Value]) {
        guard attributes["market"]?.stringValue == Self.spot,
              let percent = attributes[Self.spotPercentKey]?.intValue else { return nil }
        self.init(onDemandBase: max(0, attributes[Self.onDemandBaseKey]?.intValue ?? 0),
                  spotPercent: min(max(percent, 0), 100))
    }

    /// Nodes per market for `nodes` in all; markets with no node are left out.
    public func split(_ nodes: Int) -> [String: Int] {
        let base = min(max(onDemandBase, 0), nodes)
        let spot = (nodes - base) * spotPercent / 100
        return [Self.onDemand: nodes - spot, Self.spot: spot].filter { $0.value > 0 }
    }

    /// Nodes per market of a node group with `attributes`: its mix's split, or every node
    /// in its `market` (on-demand when absent). `nodes` defaults to `desired_size`.
    public static func nodesByMarket(_ attributes: [String: Value], nodes: Int? = nil) -> [String: Int] {
        let count = nodes ?? attributes["desired_size"]?.intValue ?? 0
        if let mix = MarketMix(attributes: attributes) { return mix.split(count) }
        let market = attributes["market"]?.stringValue ?? onDemand
        return count > 0 ? [market: count] : [:]
    }

    /// `3 on-demand + 2 spot`: spot last, as the split buys it.
    public static func describe(_ nodesByMarket: [String: Int]) -> String {
        nodesByMarket.sorted { ($0.key == spot ? 1 : 0, $0.key) < ($1.key == spot ? 1 : 0, $1.key) }
            .map { "\($0.value) \($0.key)" }.joined(separator: " + ")
    }
}
