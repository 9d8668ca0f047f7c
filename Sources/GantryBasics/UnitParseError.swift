/// Why a quantity with a unit (`24TiB`, `30d`, `$12.50`) could not be read.
///
/// Shared by `ByteSize`, `TimeSpan` and `Money` so every unit error reads the same way:
/// what was typed, what a valid quantity looks like, and a did-you-mean for a misspelled unit.
public struct UnitParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text as the user typed it.
    public var text: String
    /// What was wrong, in one sentence.
    public var message: String
    /// What a valid value looks like (`a size such as 24TiB or 500GB`).
    public var expected: String
    /// A suggestion, e.g. `did you mean 'TiB'?`.
    public var hint: String?

    public init(text: String, message: String, expected: String, hint: String? = nil) {
        self.text = text
        self.message = message
        self.expected = expected
        self.hint = hint
    }

    public var description: String {
        var out = "\(message); expected \(expected)"
        if let hint { out += " (\(hint))" }
        return out
    }
}

/// Splits `"1.5TiB"` into its number and unit and converts the number exactly.
///
/// Internal helper for the unit types: it keeps number parsing (digits, one optional
/// fraction, no exponent, no sign unless allowed) identical across sizes, durations and money.
enum QuantityText {
    /// The numeric prefix and the unit suffix, or nil when the text does not start with a digit.
    static func split(_ text: Substring) -> (number: Substring, unit: Substring)? {
        var end = text.startIndex
        var sawDigit = false
        var sawDot = false
        while end < text.endIndex {
            let c = text[end]
            if c.isASCII && c.isNumber {
                sawDigit = true
            } else if c == "." && !sawDot {
                sawDot = true
            } else if c == "_" && sawDigit {
                // `1_000GiB` reads like the number literals people know from Swift and YAML 1.1.
            } else {
                break
            }
            end = text.index(after: end)
        }
        guard sawDigit else { return nil }
        let unit = text[end...].drop(while: { $0 == " " })
        return (text[text.startIndex..<end], unit)
    }

    /// `number × scale` as an exact Int64, or nil on overflow or when the product is not whole.
    ///
    /// Works in decimal on the digits so `1.1TB` is exact instead of going through Double.
    static func scaled(_ number: Substring, by scale: Int64, allowFraction: Bool = true) -> Int64? {
        let digits = number.filter { $0 != "_" }
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        guard let whole = parts.first, parts.count <= 2 else { return nil }
        let fraction = parts.count == 2 ? parts[1] : ""
        if !fraction.isEmpty && !allowFraction { return nil }
        guard let w = Int64(whole.isEmpty ? "0" : String(whole)) else { return nil }
        let (base, o1) = w.multipliedReportingOverflow(by: scale)
        if o1 { return nil }
        var rest: Int64 = 0
        var denominator: Int64 = 1
        for ch in fraction {
            guard let d = ch.wholeNumberValue else { return nil }
            let (r, o2) = rest.multipliedReportingOverflow(by: 10)
            let (den, o3) = denominator.multipliedReportingOverflow(by: 10)
            if o2 || o3 { return nil }
            rest = r + Int64(d)
            denominator = den
        }
        let (numerator, o4) = rest.multipliedReportingOverflow(by: scale)
        if o4 || numerator % denominator != 0 { return nil }
        let (total, o5) = base.addingReportingOverflow(numerator / denominator)
        return o5 ? nil : total
    }
}
