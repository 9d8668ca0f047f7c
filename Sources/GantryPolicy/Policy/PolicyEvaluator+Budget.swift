import GantryBasics

extension PolicyEvaluator.Run {
    /// `budget`: planned totals and the increase against what the state costs now.
    mutating func budget() {
        guard let budget = policies.budget else { return }
        let cost = input.cost
        let date = cost.planned.catalogDate
        let limits: [(id: String, key: String, limit: Money?, value: Money, what: String, unit: String)] = [
            ("budget.max_hourly", "max_hourly_usd", budget.maxHourly, cost.planned.hourly, "planned cost", "/h"),
            ("budget.max_monthly", "max_monthly_usd", budget.maxMonthly, cost.planned.monthly, "planned cost", "/month"),
            ("budget.max_increase_hourly", "max_increase_hourly_usd", budget.maxIncreaseHourly, cost.hourlyDelta,
             "this change adds", "/h"),
            ("budget.max_increase_monthly", "max_increase_monthly_usd", budget.maxIncreaseMonthly, cost.monthlyDelta,
             "this change adds", "/month"),
        ]
        for limit in limits {
            guard let max = limit.limit else { continue }
            let path = "policies.budget.\(limit.key)"
            let location = sources.location(of: path) ?? policies.locations["budget"]
            declare(limit.id, budget.severity, "\(limit.what) at most \(max.centsDescription)\(limit.unit)",
                    docs: budget.docs, anchor: "budget", at: location)
            guard limit.value > max else {
                pass(limit.id, "plan")
                continue
            }
            let figure = limit.id.contains("increase") ? limit.value.signedDescription : limit.value.centsDescription
            var message = "\(limit.what) \(figure)\(limit.unit), over the budget \(limit.key): "
                + "\(max.centsDescription)\(limit.unit) (prices from the catalog of \(date))"
            let unpriced = cost.planned.unpriced.count
            if unpriced > 0 { message += "; \(unpriced) item\(unpriced == 1 ? " is" : "s are") unpriced and not counted" }
            // The item that changed most, else the most expensive one, is the resource to look at.
            let culprit = biggestRows().first?.address
                ?? cost.planned.lines.max { ($0.hourly ?? Money(microdollars: 0)) < ($1.hourly ?? Money(microdollars: 0)) }?.address
            fail(limit.id, "plan", budget.severity, message, address: culprit, at: location,
                 hint: biggestChanges())
        }
    }

    /// `largest: node_pools.a +$770.56/h (16 × p5.48xlarge on-demand at $55.04/h); …`
    private func biggestRows() -> [CostComparison.Row] {
        input.cost.rows.filter { $0.hourlyDelta.microdollars != 0 }
            .sorted { $0.hourlyDelta.microdollars.magnitude > $1.hourlyDelta.microdollars.magnitude }
    }

    private func biggestChanges() -> String? {
        let rows = biggestRows().prefix(3)
        guard !rows.isEmpty else { return nil }
        let parts = rows.map { row in
            "\(row.address) \(row.hourlyDelta.signedDescription)/h" + (row.line.map { " (\($0.detail))" } ?? "")
        }
        return "largest changes: " + parts.joined(separator: "; ")
    }
}
