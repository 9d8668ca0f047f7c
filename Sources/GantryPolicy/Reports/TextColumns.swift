/// Left- or right-aligned columns for the text reports (the CLI's `TextTable` lives above
/// this module, so the library carries its own few lines).
struct TextColumns {
    var titles: [String]
    /// Indexes of columns aligned to the right (amounts).
    var rightAligned: Set<Int>
    var rows: [[String]] = []

    init(_ titles: [String], rightAligned: Set<Int> = []) {
        self.titles = titles
        self.rightAligned = rightAligned
    }

    mutating func append(_ row: [String]) { rows.append(row) }

    func render(indent: String = "") -> String {
        var widths = titles.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) } }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for i in titles.indices {
                let cell = i < cells.count ? cells[i] : ""
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                parts.append(rightAligned.contains(i) ? pad + cell : cell + pad)
            }
            var text = indent + parts.joined(separator: "  ")
            while text.hasSuffix(" ") { text.removeLast() }
            return text
        }
        return ([line(titles)] + rows.map(line)).joined(separator: "\n") + "\n"
    }
}

/// Escaping for the markup formats.
enum Markup {
    /// XML 1.0 text or attribute content: escapes markup characters and drops characters XML cannot hold.
    static func xml(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                let v = scalar.value
                if v < 0x20 || (v >= 0xFFFE && v <= 0xFFFF) { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A markdown table cell: one line, pipes escaped.
    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "|", with: "\\|")
            .replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
    }
}
