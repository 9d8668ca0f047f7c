/// A length of time written with a unit: `30s`, `15m`, `12h`, `30d`, `2w`, `3y`.
///
/// Named `TimeSpan`, not `Duration`, so it never shadows the standard library's
/// `Swift.Duration` in modules that import GantryBasics. Stored as whole seconds; a year
/// is 365 days and a week 7 days, which is what lifecycle rules mean by them.
///
/// ```swift
/// try TimeSpan.parse("30d").get().seconds   // 2_592_000
/// ```
public struct TimeSpan: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The length in seconds.
    public var seconds: Int64

    public init(seconds: Int64) { self.seconds = seconds }

    /// Every unit, largest first, with its length in seconds.
    public static let units: [(name: String, seconds: Int64)] = [
        ("y", 365 * 86_400), ("w", 7 * 86_400), ("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1),
    ]

    /// Reads `30d`, `12h`, `90s`, `1.5h`.
    public static func parse(_ text: String) -> Result<TimeSpan, UnitParseError> {
        let expected = "a duration with a unit, such as 30s, 15m, 12h, 30d, 2w or 1y"
        let trimmed = Substring(text).trimmingSpaces()
        guard let (number, unit) = QuantityText.split(trimmed) else {
            return .failure(UnitParseError(text: text, message: "'\(text)' is not a duration", expected: expected))
        }
        if unit.isEmpty {
            return .failure(UnitParseError(text: text, message: "duration '\(text)' has no unit", expected: expected,
                                           hint: "write \(number)d for days or \(number)s for seconds"))
        }
        guard let factor = units.first(where: { $0.name == unit })?.seconds else {
            let hint = EditDistance.hint(for: String(unit), among: units.map(\.name) + ["days", "hours", "minutes"])
                .map { $0 + " (units are y, w, d, h, m, s)" } ?? "units are y, w, d, h, m, s"
            return .failure(UnitParseError(text: text, message: "unknown duration unit '\(unit)' in '\(text)'",
                                           expected: expected, hint: hint))
        }
        guard let seconds = QuantityText.scaled(number, by: factor) else {
            return .failure(UnitParseError(text: text, message: "duration '\(text)' is out of range or not whole seconds",
                                           expected: expected))
        }
        return .success(TimeSpan(seconds: seconds))
    }

    /// The shortest exact spelling with one unit: `30d`, `90m`, `45s`.
    public var description: String {
        if seconds == 0 { return "0s" }
        for (name, factor) in Self.units where seconds % factor == 0 {
            return "\(seconds / factor)\(name)"
        }
        return "\(seconds)s"
    }

    public static func < (lhs: TimeSpan, rhs: TimeSpan) -> Bool { lhs.seconds < rhs.seconds }
}
