import GantryBasics

/// The priced lines of one side of a change (the state, or the plan) and their totals.
public struct CostEstimate: Sendable, Hashable {
    /// One line per node pool or storage tier instance, sorted by address.
    public var lines: [CostLine]
    /// The catalog's date (`2026-11-26`), shown next to every figure.
    public var catalogDate: String

    public init(lines: [CostLine], catalogDate: String) {
        self.lines = lines.sorted { $0.address < $1.address }
        self.catalogDate = catalogDate
    }

    /// Total per hour over the priced lines.
    public var hourly: Money { CostMath.sum(lines.compactMap(\.hourly)) }
    /// Total per month (730 h) over the priced lines.
    public var monthly: Money { CostMath.sum(lines.compactMap(\.monthly)) }
    /// Lines the catalog could not price; totals leave them out.
    public var unpriced: [CostLine] { lines.filter { $0.hourly == nil } }

    /// Totals per hour at every pool's `nodes.min` and `nodes.max` (storage at its size).
    public var hourlyRange: ClosedRange<Money> {
        var low: [Money] = [], high: [Money] = []
        for line in lines {
            guard let hourly = line.hourly else { continue }
            low.append(line.hourlyRange?.lowerBound ?? hourly)
            high.append(line.hourlyRange?.upperBound ?? hourly)
        }
        return CostMath.sum(low)...CostMath.sum(high)
    }

    /// Hourly and monthly totals grouped by a key (region, provider, kind, …), sorted by key.
    public func totals(by key: (CostLine) -> String) -> [(key: String, hourly: Money, monthly: Money)] {
        var groups: [String: [CostLine]] = [:]
        for line in lines { groups[key(line), default: []].append(line) }
        return groups.keys.sorted().map { k in
            let members = groups[k] ?? []
            return (k, CostMath.sum(members.compactMap(\.hourly)), CostMath.sum(members.compactMap(\.monthly)))
        }
    }

    /// Storage totals per tier (`cold`, `hot`, `warm`), sorted by tier.
    public var storageTiers: [(key: String, hourly: Money, monthly: Money)] {
        CostEstimate(lines: lines.filter { $0.kind == .storage }, catalogDate: catalogDate).totals { $0.category }
    }

    /// The line for `address`, if priced here.
    public func line(for address: ResourceAddress) -> CostLine? { lines.first { $0.address == address } }
}

/// Current cost (from the state) against planned cost (after the plan): what a change adds.
public struct CostComparison: Sendable, Hashable {
    /// What the recorded resources cost now.
    public var current: CostEstimate
    /// What the resources cost once the plan is applied.
    public var planned: CostEstimate

    public init(current: CostEstimate, planned: CostEstimate) {
        self.current = current
        self.planned = planned
    }

    /// Planned minus current, per hour.
    public var hourlyDelta: Money { Money(microdollars: planned.hourly.microdollars - current.hourly.microdollars) }
    /// Planned minus current, per month.
    public var monthlyDelta: Money { Money(microdollars: planned.monthly.microdollars - current.monthly.microdollars) }

    /// One row per item priced on either side, with its change; sorted by address.
    public var rows: [Row] {
        let addresses = Set(current.lines.map(\.address)).union(planned.lines.map(\.address)).sorted()
        return addresses.map { Row(address: $0, current: current.line(for: $0), planned: planned.line(for: $0)) }
    }

    /// An item's cost before and after.
    public struct Row: Sendable, Hashable {
        public var address: ResourceAddress
        public var current: CostLine?
        public var planned: CostLine?

        /// The change per hour (a removed item counts its whole cost negative).
        public var hourlyDelta: Money {
            Money(microdollars: (planned?.hourly?.microdollars ?? 0) - (current?.hourly?.microdollars ?? 0))
        }
        public var monthlyDelta: Money {
            Money(microdollars: (planned?.monthly?.microdollars ?? 0) - (current?.monthly?.microdollars ?? 0))
        }
        /// The line to describe the item by: the planned one, else the current one.
        public var line: CostLine? { planned ?? current }
    }
}
