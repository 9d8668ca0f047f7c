import Foundation
import GantryBasics
import GantrySpec

/// Canonical formatting of spec files for `gantry fmt`: sections and item keys in a stable
/// order, two-space indentation of block mappings, comments kept with the line they precede.
///
/// libyaml's emitter drops comments, so this works on the lines of the file, guided by the
/// located YAML tree: each key owns the lines from the comments above it to the next key.
/// Blocks are only moved and re-indented as a whole, never rewritten, so no content is lost;
/// a mapping the formatter cannot reason about (flow style, anchors, merge keys) moves as one
/// piece without being reordered inside.
///
/// ```swift
/// switch SpecFormatter().format(text, file: "infra/main.yaml") {
/// case .success(let formatted): try formatted.write(…)
/// case .failure(let problems): print(problems)
/// }
/// ```
public struct SpecFormatter: Sendable {
    /// Top-level sections, in the order DESIGN.md writes them.
    public static let sectionOrder = ["gantry", "project", "variables", "providers", "regions", "networks", "node_pools",
                                      "storage", "policies", "resources"]
    /// Keys of one item, per section.
    public static let itemKeyOrder: [String: [String]] = [
        "variables": ["type", "default", "allowed", "description", "sensitive"],
        "providers": ["regions"],
        "regions": ["residency", "compliance"],
        "networks": ["provider", "region", "regions", "cidr", "interconnect"],
        "node_pools": ["provider", "network", "gpu", "mig", "nodes", "capacity", "update", "labels", "taints", "residency"],
        "storage": ["provider", "region", "regions", "tier", "filesystem", "size", "throughput_per_tib", "attach",
                    "lifecycle", "residency", "compliance"],
        "resources": ["type", "provider", "region", "properties", "depends_on"],
    ]
    /// Blocks of the `policies:` section.
    public static let policyOrder = ["budget", "quotas", "residency", "allowed", "required_labels", "required_tags", "rules"]

    public init() {}

    /// The canonical text of one spec file.
    ///
    /// - Returns: the formatted text (equal to `text` when it is already canonical), or the
    ///   YAML errors that stop formatting. A file with several `---` documents is returned unchanged.
    public func format(_ text: String, file: String) -> Result<String, FormatProblems> {
        let parsed = YAMLDocuments.parse(text, file: file)
        if parsed.diagnostics.hasErrors { return .failure(FormatProblems(diagnostics: parsed.diagnostics)) }
        guard parsed.documents.count == 1, let root = parsed.documents[0], let entries = root.mapping else {
            return .success(text)
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        let layout = Layout(lines: lines)
        var body = layout.mapping(entries, range: 0..<lines.count, column: 1, path: [])
        // Exactly one blank line between top-level sections, none at the end.
        while body.last?.isEmpty == true { body.removeLast() }
        return .success(body.joined(separator: "\n") + "\n")
    }

    /// The key order for the mapping at `path` (section names, then item keys); nil keeps the order.
    static func order(at path: [String]) -> [String]? {
        switch path.count {
        case 0: return sectionOrder
        case 1: return path[0] == "policies" ? policyOrder : nil
        case 2: return path[0] == "policies" ? nil : itemKeyOrder[path[0]]
        default: return nil
        }
    }
}

/// YAML errors that stopped `gantry fmt` from formatting a file.
public struct FormatProblems: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public var description: String { diagnostics.map { "\($0.location.map { "\($0): " } ?? "")\($0.message)" }.joined(separator: "\n") }
}

/// The lines of one file and the chunking of its mappings.
private struct Layout {
    let lines: [String]

    /// One key and the lines it owns.
    struct Chunk {
        var key: String
        var lines: [String]
        /// Blank lines that followed it in the file.
        var gap: Int
    }

    /// Formats the block mapping `entries` written in `range`, keys at `column` (1-based).
    func mapping(_ entries: [YAMLNode.Entry], range: Range<Int>, column: Int, path: [String]) -> [String] {
        let keyLines = entries.map { $0.keyLocation.line - 1 }
        // Only a plain block mapping whose keys we can see in order is taken apart.
        guard let first = keyLines.first, zip(keyLines, keyLines.dropFirst()).allSatisfy({ $0 < $1 }),
              range.contains(first), let lastKey = keyLines.last, range.contains(lastKey) else {
            return shift(Array(lines[range]), by: 0)
        }
        var starts: [Int] = []
        for (i, keyLine) in keyLines.enumerated() {
            let floor = i == 0 ? range.lowerBound : keyLines[i - 1] + 1
            var start = keyLine
            let keyColumn = entries[i].keyLocation.column
            while start - 1 >= floor, isComment(lines[start - 1]), indentation(lines[start - 1]) <= keyColumn - 1,
                  !(i > 0 && isBlockScalar(entries[i - 1].value)) {
                start -= 1
            }
            starts.append(start)
        }
        let prefix = Array(lines[range.lowerBound..<starts[0]])
        var chunks: [Chunk] = []
        for (i, entry) in entries.enumerated() {
            let end = i + 1 < entries.count ? starts[i + 1] : range.upperBound
            var owned = Array(starts[i]..<end)
            var gap = 0
            while let last = owned.last, last > keyLines[i], lines[last].trimmingCharacters(in: .whitespaces).isEmpty {
                owned.removeLast()
                gap += 1
            }
            let delta = column - entry.keyLocation.column
            var out: [String] = []
            if let nested = entry.value.mapping, isBlockMapping(entry.value, keyLine: keyLines[i]),
               let upper = owned.last.map({ $0 + 1 }), upper > keyLines[i] + 1 {
                out = shift(Array(lines[starts[i]...keyLines[i]]), by: delta)
                out += mapping(nested, range: (keyLines[i] + 1)..<upper, column: column + 2, path: path + [entry.key])
            } else {
                out = shift(owned.map { lines[$0] }, by: delta)
            }
            chunks.append(Chunk(key: entry.key, lines: out, gap: gap))
        }
        let gaps = chunks.map(\.gap)
        if let order = SpecFormatter.order(at: path) {
            let rank = { (key: String) in order.firstIndex(of: key) ?? order.count }
            chunks = chunks.enumerated().sorted { a, b in
                let (ra, rb) = (rank(a.element.key), rank(b.element.key))
                return ra != rb ? ra < rb : a.offset < b.offset
            }.map(\.element)
        }
        var result = shift(prefix, by: 0)
        for (i, chunk) in chunks.enumerated() {
            result += chunk.lines
            // Top level: one blank line between sections. Deeper: the gap that was at this position.
            // (`gantry: 1` and `project: x`, one line each, stay together.)
            let oneLiners = i + 1 < chunks.count && isOneLiner(chunk) && isOneLiner(chunks[i + 1])
            let blanks = path.isEmpty ? (i + 1 < chunks.count && !oneLiners ? 1 : 0) : gaps[i]
            result += Array(repeating: "", count: blanks)
        }
        return result
    }

    /// A block mapping value starting on a line after its key (not `{…}`, not anchored or tagged).
    private func isBlockMapping(_ node: YAMLNode, keyLine: Int) -> Bool {
        let line = node.location.line - 1
        guard line > keyLine, line < lines.count else { return false }
        let text = Array(lines[line])
        let index = node.location.column - 1
        guard index >= 0, index < text.count else { return false }
        return !["{", "&", "!", "*"].contains(text[index])
    }

    private func isBlockScalar(_ node: YAMLNode) -> Bool {
        guard let style = node.scalar?.style else { return false }
        return style == .literal || style == .folded
    }

    /// A chunk of one `key: value` line (comments above it aside).
    private func isOneLiner(_ chunk: Chunk) -> Bool { chunk.lines.filter { !isComment($0) }.count == 1 }

    private func isComment(_ line: String) -> Bool { line.trimmingCharacters(in: .whitespaces).hasPrefix("#") }

    private func indentation(_ line: String) -> Int { line.prefix { $0 == " " }.count }

    /// Moves lines right (`delta > 0`) or left, never removing anything but spaces; blank
    /// lines become empty and trailing spaces go.
    private func shift(_ block: [String], by delta: Int) -> [String] {
        block.map { line in
            var text = line
            while text.last == " " || text.last == "\t" { text.removeLast() }
            if text.isEmpty { return "" }
            if delta > 0 { return String(repeating: " ", count: delta) + text }
            if delta < 0 { return String(text.dropFirst(min(-delta, indentation(text)))) }
            return text
        }
    }
}
