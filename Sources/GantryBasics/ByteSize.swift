/// An amount of storage or memory in bytes, written with a unit: `24TiB`, `500GB`, `1.5TiB`.
///
/// Binary units (KiB, MiB, GiB, TiB, PiB) are powers of 1024; decimal units (KB, MB, GB,
/// TB, PB) are powers of 1000, as cloud consoles use them. A bare number is rejected by
/// `parse` because "size: 24" is ambiguous: the error asks for a unit.
///
/// ```swift
/// let size = try ByteSize.parse("24TiB").get()
/// size.bytes          // 26_388_279_066_624
/// size.description    // "24TiB"
/// ```
public struct ByteSize: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The size in bytes.
    public var bytes: Int64

    public init(bytes: Int64) { self.bytes = bytes }

    /// Every unit, largest first within each family, with its multiplier.
    public static let units: [(name: String, bytes: Int64)] = [
        ("PiB", 1 << 50), ("TiB", 1 << 40), ("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10),
        ("PB", 1_000_000_000_000_000), ("TB", 1_000_000_000_000), ("GB", 1_000_000_000), ("MB", 1_000_000),
        ("KB", 1_000), ("B", 1),
    ]

    public static func gibibytes(_ n: Int64) -> ByteSize { ByteSize(bytes: n << 30) }
    public static func tebibytes(_ n: Int64) -> ByteSize { ByteSize(bytes: n << 40) }

    /// The size in GiB (fractional when it is not a whole number of GiB).
    public var gibibytes: Double { Double(bytes) / Double(1 << 30) }

    /// Reads `24TiB`, `500 GB`, `1.5TiB`, `1_000GiB`.
    public static func parse(_ text: String) -> Result<ByteSize, UnitParseError> {
        let expected = "a size with a unit, such as 24TiB, 512GiB or 500GB"
        let trimmed = Substring(text).trimmingSpaces()
        guard let (number, unit) = QuantityText.split(trimmed) else {
            return .failure(UnitParseError(text: text, message: "'\(text)' is not a size", expected: expected))
        }
        if unit.isEmpty {
            return .failure(UnitParseError(text: text, message: "size '\(text)' has no unit", expected: expected,
                                           hint: "write \(number)GiB or \(number)TiB"))
        }
        guard let factor = units.first(where: { $0.name == unit })?.bytes else {
            let hint = EditDistance.hint(for: String(unit), among: units.map(\.name))
            return .failure(UnitParseError(text: text, message: "unknown size unit '\(unit)' in '\(text)'",
                                           expected: expected, hint: hint))
        }
        guard let bytes = QuantityText.scaled(number, by: factor) else {
            return .failure(UnitParseError(text: text, message: "size '\(text)' is out of range or not a whole number of bytes",
                                           expected: expected))
        }
        return .success(ByteSize(bytes: bytes))
    }

    /// The shortest exact spelling: the unit that divides the size into the smallest whole
    /// number (binary units win ties), so `24TiB` and `500GB` print as written.
    public var description: String {
        if bytes == 0 { return "0B" }
        var best = (count: bytes, name: "B")
        for (name, factor) in Self.units where bytes % factor == 0 && (bytes / factor).magnitude < best.count.magnitude {
            best = (bytes / factor, name)
        }
        return "\(best.count)\(best.name)"
    }

    public static func < (lhs: ByteSize, rhs: ByteSize) -> Bool { lhs.bytes < rhs.bytes }
}

extension Substring {
    /// The text without leading and trailing spaces and tabs.
    func trimmingSpaces() -> Substring {
        let start = firstIndex(where: { $0 != " " && $0 != "\t" }) ?? endIndex
        let end = lastIndex(where: { $0 != " " && $0 != "\t" }).map { index(after: $0) } ?? start
        return self[start..<Swift.max(start, end)]
    }
}
