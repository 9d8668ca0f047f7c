import GantryBasics

/// Money arithmetic for estimates: exact micro-dollars, months of 730 hours.
enum CostMath {
    /// Hours in the month cloud providers bill by (365 × 24 / 12).
    static let hoursPerMonth: Int64 = 730

    /// A catalog price in dollars as exact money (catalog figures have at most 6 decimals).
    static func money(_ dollars: Double) -> Money {
        Money(microdollars: Int64((dollars * 1_000_000).rounded()))
    }

    static func times(_ amount: Money, _ factor: Int) -> Money {
        let (product, overflow) = amount.microdollars.multipliedReportingOverflow(by: Int64(factor))
        return Money(microdollars: overflow ? Int64.max : product)
    }

    static func monthly(fromHourly hourly: Money) -> Money { times(hourly, Int(hoursPerMonth)) }

    static func hourly(fromMonthly monthly: Money) -> Money {
        Money(microdollars: (monthly.microdollars + hoursPerMonth / 2) / hoursPerMonth)
    }

    static func sum(_ amounts: [Money]) -> Money {
        Money(microdollars: amounts.reduce(Int64(0)) { $0 &+ $1.microdollars })
    }
}

extension Money {
    /// Rounded to whole cents, half away from zero: what reports print for totals.
    public var roundedToCents: Money {
        let cents = (abs(microdollars) + 5_000) / 10_000 * 10_000
        return Money(microdollars: microdollars < 0 ? -cents : cents)
    }

    /// `+$412.80` / `-$1,012.00` / `$0.00`: a change in cost, to the cent.
    public var signedDescription: String {
        roundedToCents.microdollars > 0 ? "+" + centsDescription : centsDescription
    }

    /// `$1,234.50`: to the cent, with thousands separators, for people.
    public var centsDescription: String {
        let rounded = roundedToCents
        let text = Money(microdollars: abs(rounded.microdollars)).description   // "$1234.50"
        let body = text.dropFirst()
        let parts = body.split(separator: ".", maxSplits: 1)
        var whole = String(parts.first ?? "0")
        var grouped = ""
        while whole.count > 3 {
            grouped = "," + whole.suffix(3) + grouped
            whole = String(whole.dropLast(3))
        }
        let fraction = parts.count > 1 ? "." + parts[1] : ""
        return (rounded.microdollars < 0 ? "-" : "") + "$" + whole + grouped + fraction
    }
}
