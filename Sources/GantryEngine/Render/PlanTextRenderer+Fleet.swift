import GantryBasics
import GantryProviderKit

extension PlanTextRenderer {
    /// The capacity section: for each pool being created, its offers in failover order
    /// with price and forecast, offers skipped because they failed recently, and where the
    /// pool is expected to land.
    public func renderFleet(_ pools: [PoolOffers]) -> String {
        guard !pools.isEmpty else { return "" }
        var out = bold("Capacity placement") + " (offers in the order apply tries them):\n"
        for pool in pools {
            var notes: [String] = []
            if pool.clusterPlacement { notes.append("cluster placement: the whole pool moves zone, never splits") }
            var regions: [String] = []
            for offer in pool.offers where !regions.contains(offer.region) { regions.append(offer.region) }
            if regions.count > 1 { notes.append("regions in order: " + regions.joined(separator: " → ")) }
            if pool.allOrNothing { notes.append("all or nothing") }
            if pool.pinned { notes.append("replaced: its current placement is tried first") }
            if pool.nodesByMarket.count > 1 { notes.append("mixed: " + MarketMix.describe(pool.nodesByMarket)) }
            out += "  \(pool.pool)" + (notes.isEmpty ? "" : " (\(notes.joined(separator: "; ")))") + "\n"
            let rows = zip(pool.offers, pool.forecasts).enumerated().map { i, pair in
                ["\(i + 1).", pair.0.instanceType, pair.0.market + (pair.0.reservation.map { " \($0)" } ?? ""),
                 pair.0.placeName, pair.0.pricePerHour.map(Self.hourly) ?? "price unknown", Self.forecastText(pair.1)]
            }
            out += Self.columns(rows, indent: "      ")
            for skip in pool.skipped {
                out += "      skipped: \(skip.offer) failed recently (\(skip.failure.reason))\n"
            }
            if let expected = pool.expected {
                out += "    expected to land in \(expected.zone ?? expected.offer.placeName) \(expected.offer.market)"
                    + " (\(expected.offer.instanceType))\n"
            } else if !pool.quotaBlocks.isEmpty {
                out += "    every offer exceeds a quota: apply will stop before creating anything\n"
            } else {
                out += "    no offer has capacity now: apply will try each in order\n"
            }
        }
        return out + "\n"
    }

    /// `$55.04/h`.
    static func hourly(_ dollars: Double) -> String {
        Money(microdollars: Int64((dollars * 1_000_000).rounded())).description + "/h"
    }

    static func forecastText(_ forecast: PoolOffers.Forecast) -> String {
        switch forecast {
        case .fits(let zone): return "fits" + (zone.map { " (\($0))" } ?? "")
        case .short(let message): return "short: \(message)"
        case .overQuota(let message): return "over quota: \(message)"
        case .unknown: return "no forecast"
        }
    }

    /// Left-aligned columns, the last one free-form.
    static func columns(_ rows: [[String]], indent: String) -> String {
        guard let width = rows.first?.count else { return "" }
        let widths = (0..<width).map { c in rows.map { $0[c].count }.max() ?? 0 }
        return rows.map { row in
            indent + row.enumerated().map { c, cell in
                c == width - 1 ? cell : cell + String(repeating: " ", count: widths[c] - cell.count)
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}
