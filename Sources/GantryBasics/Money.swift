/// An amount of US dollars, exact to a millionth: `$12.50`, `$0.000125`, `900 USD`.
///
/// GPU prices per hour have many decimals and budgets add thousands of them, so money is
/// kept as integer micro-dollars, never as a binary floating-point number.
///
/// ```swift
/// try Money.parse("$12.50").get().microdollars   // 12_500_000
/// Money(microdollars: 98_320_000).description    // "$98.32"
/// ```
public struct Money: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The amount in millionths of a US dollar.
    public var microdollars: Int64

    public init(microdollars: Int64) { self.microdollars = microdollars }

    /// Whole dollars and cents, for literals in code.
    public static func dollars(_ whole: Int64, cents: Int64 = 0) -> Money {
        Money(microdollars: whole * 1_000_000 + cents * 10_000)
    }

    /// The amount as a Double number of dollars, for display and JSON.
    public var dollars: Double { Double(microdollars) / 1_000_000 }

    /// Reads `$12.50`, `$900`, `12.5 USD`, `12.5USD`.
    public static func parse(_ text: String) -> Result<Money, UnitParseError> {
        let expected = "an amount of money such as $12.50 or 900 USD"
        var body = Substring(text).trimmingSpaces()
        var hadDollar = false
        if body.first == "$" {
            body = body.dropFirst()
            hadDollar = true
        }
        guard let (number, unit) = QuantityText.split(body) else {
            return .failure(UnitParseError(text: text, message: "'\(text)' is not an amount of money", expected: expected))
        }
        switch (hadDollar, unit) {
        case (true, ""), (false, "USD"):
            break
        case (false, ""):
            return .failure(UnitParseError(text: text, message: "amount '\(text)' has no currency", expected: expected,
                                           hint: "write $\(number)"))
        default:
            return .failure(UnitParseError(text: text, message: "unknown currency '\(unit)' in '\(text)'",
                                           expected: expected, hint: "only US dollars are supported: $\(number)"))
        }
        guard let micros = QuantityText.scaled(number, by: 1_000_000) else {
            return .failure(UnitParseError(text: text, message: "amount '\(text)' is out of range or finer than a millionth of a dollar",
                                           expected: expected))
        }
        return .success(Money(microdollars: micros))
    }

    /// `$12.50`: at least two decimals, more only when the amount needs them.
    public var description: String {
        let sign = microdollars < 0 ? "-" : ""
        let magnitude = microdollars.magnitude
        let whole = magnitude / 1_000_000
        var fraction = String(magnitude % 1_000_000)
        fraction = String(repeating: "0", count: 6 - fraction.count) + fraction
        while fraction.count > 2 && fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(sign)$\(whole).\(fraction)"
    }

    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.microdollars < rhs.microdollars }
}
