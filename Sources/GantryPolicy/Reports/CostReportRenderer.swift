import GantryBasics

/// Renders a cost comparison as text, JSON or a markdown table.
///
/// Every figure is labelled with the catalog's date; amounts are to the cent, unit prices
/// as the catalog cites them.
public struct CostReportRenderer: Sendable {
    public var project: String

    public init(project: String) { self.project = project }

    /// The comparison in `format`: `text`, `json` or `markdown` (other formats fall back to text).
    public func render(_ cost: CostComparison, format: ReportFormat) -> String {
        switch format {
        case .json: return json(cost)
        case .markdown: return markdown(cost, limit: MarkdownBudget.commentLimit).text
        default: return text(cost)
        }
    }

    // MARK: - Text

    /// The table of items with their hourly, monthly and changed cost, then totals.
    public func text(_ cost: CostComparison) -> String {
        var out = "Cost estimate for \(project) (GPU catalog of \(cost.planned.catalogDate); a month is 730 hours)\n\n"
        let rows = cost.rows
        if rows.isEmpty {
            out += "  No node pools or storage to price.\n"
            return out
        }
        var table = TextColumns(["ITEM", "REGION", "WHAT", "PER HOUR", "PER MONTH", "CHANGE/H"], rightAligned: [3, 4, 5])
        for row in rows {
            let line = row.line
            table.append([row.address.rawValue, line?.region ?? "", row.planned == nil ? "(removed)" : line?.detail ?? "",
                          row.planned?.hourly?.centsDescription ?? (row.planned == nil ? "-" : "unpriced"),
                          row.planned?.monthly?.centsDescription ?? (row.planned == nil ? "-" : "unpriced"),
                          row.hourlyDelta.microdollars == 0 ? "" : row.hourlyDelta.signedDescription])
        }
        out += table.render(indent: "  ")
        let regions = cost.planned.totals { $0.region.isEmpty ? "(no region)" : $0.region }
        if regions.count > 1 {
            out += "\n  By region: " + regions.map { "\($0.key) \($0.hourly.centsDescription)/h" }.joined(separator: ", ") + "\n"
        }
        let tiers = cost.planned.storageTiers
        if !tiers.isEmpty {
            out += (regions.count > 1 ? "" : "\n") + "  By storage tier: "
                + tiers.map { "\($0.key) \($0.monthly.centsDescription)/month" }.joined(separator: ", ") + "\n"
        }
        let range = cost.planned.hourlyRange
        out += "\n  Total: \(cost.planned.hourly.centsDescription)/h, \(cost.planned.monthly.centsDescription)/month"
        if range.lowerBound != range.upperBound {
            out += " (\(range.lowerBound.centsDescription)–\(range.upperBound.centsDescription)/h from min to max nodes)"
        }
        out += "\n  Change: \(cost.hourlyDelta.signedDescription)/h, \(cost.monthlyDelta.signedDescription)/month"
            + " against the recorded state (\(cost.current.hourly.centsDescription)/h now)\n"
        let notes = cost.planned.lines.filter { $0.note != nil }
        if !notes.isEmpty {
            out += "\n  Notes:\n"
            for line in notes { out += "    \(line.address): \(line.note ?? "")\n" }
        }
        return out
    }

    /// The short cost section `gantry plan` prints under the plan: the items whose cost
    /// changes and the totals; empty when nothing is priced on either side.
    public func planSection(_ cost: CostComparison) -> String {
        let changed = cost.rows.filter { $0.hourlyDelta.microdollars != 0 }
        guard !cost.planned.lines.isEmpty || !cost.current.lines.isEmpty else { return "" }
        var out = "\nCost (GPU catalog of \(cost.planned.catalogDate); a month is 730 hours):\n"
        var table = TextColumns(["", "", ""], rightAligned: [1])
        for row in changed.prefix(10) {
            table.append([row.address.rawValue, row.hourlyDelta.signedDescription + "/h",
                          row.planned == nil ? "(removed)" : row.line?.detail ?? ""])
        }
        if !changed.isEmpty { out += table.render(indent: "  ").split(separator: "\n", omittingEmptySubsequences: false).dropFirst().joined(separator: "\n") }
        if changed.count > 10 { out += "  … and \(changed.count - 10) more (gantry cost)\n" }
        out += "  Total: \(cost.planned.hourly.centsDescription)/h (\(cost.planned.monthly.centsDescription)/month), "
            + "\(cost.hourlyDelta.signedDescription)/h against the state"
        let unpriced = cost.planned.unpriced.count
        out += unpriced > 0 ? "; \(unpriced) item\(unpriced == 1 ? "" : "s") unpriced (see gantry cost).\n" : ".\n"
        return out
    }

    // MARK: - JSON

    /// The comparison as a JSON value.
    public func value(_ cost: CostComparison) -> Value {
        func money(_ m: Money?) -> Value { m.map { .double($0.dollars) } ?? .null }
        func line(_ l: CostLine) -> Value {
            var object: [String: Value] = [
                "address": .string(l.address.rawValue), "kind": .string(l.kind.rawValue), "provider": .string(l.provider),
                "region": .string(l.region), "detail": .string(l.detail), "category": .string(l.category),
                "hourly_usd": money(l.hourly), "monthly_usd": money(l.monthly), "unit_price_usd": money(l.unitPrice),
            ]
            if let range = l.hourlyRange {
                object["hourly_range_usd"] = .array([money(range.lowerBound), money(range.upperBound)])
            }
            if let source = l.priceSource { object["price_source"] = .string(source) }
            if let note = l.note { object["note"] = .string(note) }
            return .object(object)
        }
        func estimate(_ e: CostEstimate) -> Value {
            .object(["hourly_usd": money(e.hourly), "monthly_usd": money(e.monthly), "lines": .array(e.lines.map(line))])
        }
        return .object([
            "project": .string(project),
            "catalog_date": .string(cost.planned.catalogDate),
            "hours_per_month": .int(Int(CostMath.hoursPerMonth)),
            "current": estimate(cost.current),
            "planned": estimate(cost.planned),
            "delta": .object(["hourly_usd": money(cost.hourlyDelta), "monthly_usd": money(cost.monthlyDelta)]),
            "by_region": .array(cost.planned.totals { $0.region }.map {
                .object(["region": .string($0.key), "hourly_usd": money($0.hourly), "monthly_usd": money($0.monthly)])
            }),
            "by_storage_tier": .array(cost.planned.storageTiers.map {
                .object(["tier": .string($0.key), "hourly_usd": money($0.hourly), "monthly_usd": money($0.monthly)])
            }),
        ])
    }

    func json(_ cost: CostComparison) -> String {
        ((try? JSON.encode(value(cost), pretty: true)) ?? "{}") + "\n"
    }

    // MARK: - Markdown

    /// A markdown section: totals, then one table row per item while `limit` characters last.
    func markdown(_ cost: CostComparison, limit: Int) -> (text: String, truncated: Bool) {
        var out = MarkdownBudget(limit: limit)
        out.append("### Cost: \(cost.hourlyDelta.signedDescription)/h (\(cost.monthlyDelta.signedDescription)/month)\n\n")
        out.append("Planned **\(cost.planned.hourly.centsDescription)/h** (\(cost.planned.monthly.centsDescription)/month), "
                   + "now \(cost.current.hourly.centsDescription)/h. Prices from the GPU catalog of \(cost.planned.catalogDate).\n\n")
        let rows = cost.rows
        guard !rows.isEmpty else { return (out.text, false) }
        out.append("| item | region | what | per hour | per month | change/h |\n|---|---|---|--:|--:|--:|\n")
        let footerReserve = 120
        var shown = 0
        for row in rows {
            let line = row.line
            let cells = [row.address.rawValue, line?.region ?? "", row.planned == nil ? "(removed)" : line?.detail ?? "",
                         row.planned?.hourly?.centsDescription ?? (row.planned == nil ? "–" : "unpriced"),
                         row.planned?.monthly?.centsDescription ?? (row.planned == nil ? "–" : "unpriced"),
                         row.hourlyDelta.microdollars == 0 ? "" : row.hourlyDelta.signedDescription]
            let text = "| " + cells.map(Markup.cell).joined(separator: " | ") + " |\n"
            guard out.fits(text, reserving: footerReserve) else { break }
            out.append(text)
            shown += 1
        }
        if shown < rows.count {
            out.append("\n_… \(rows.count - shown) more item\(rows.count - shown == 1 ? "" : "s") not shown; run `gantry cost` for all._\n")
        }
        return (out.text, shown < rows.count)
    }
}

/// A markdown document that must stay under a size limit (GitHub comments: 65,536 characters).
struct MarkdownBudget {
    /// GitHub's limit on an issue or pull-request comment body.
    static let commentLimit = 65_536

    let limit: Int
    private(set) var text = ""

    init(limit: Int) { self.limit = limit }

    /// Counted in UTF-8 bytes, which is never less than the characters GitHub counts.
    var used: Int { text.utf8.count }

    func fits(_ more: String, reserving reserve: Int = 0) -> Bool { used + more.utf8.count + reserve < limit }

    mutating func append(_ more: String) { text += more }
}
