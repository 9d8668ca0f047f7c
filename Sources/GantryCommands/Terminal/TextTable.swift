/// A plain-text table with aligned columns, for `catalog`, `state list` and `sim list`.
///
/// ```
/// PROVIDER  TYPE          GPU        $/H
/// aws       p5.48xlarge   8× H100    98.32
/// ```
struct TextTable {
    enum Alignment { case left, right }

    struct Column {
        var title: String
        var alignment: Alignment = .left
    }

    var columns: [Column]
    var rows: [[String]] = []

    init(_ columns: [Column]) { self.columns = columns }

    mutating func append(_ row: [String]) { rows.append(row) }

    /// The table, a header line first, each line without trailing spaces.
    func render() -> String {
        var widths = columns.map { $0.title.count }
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (index, column) in columns.enumerated() {
                let cell = index < cells.count ? cells[index] : ""
                let padding = String(repeating: " ", count: widths[index] - cell.count)
                parts.append(column.alignment == .left ? cell + padding : padding + cell)
            }
            return String(parts.joined(separator: "  ").reversed().drop { $0 == " " }.reversed())
        }
        return ([line(columns.map(\.title))] + rows.map(line)).joined(separator: "\n") + "\n"
    }
}
