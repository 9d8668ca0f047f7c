/// A unified diff of two texts, line by line, for `gantry fmt --check`.
public enum LineDiff {
    /// `--- a/file` / `+++ b/file` and hunks with three lines of context; empty when equal.
    public static func unified(_ old: String, _ new: String, path: String, context: Int = 3) -> String {
        let a = lines(old), b = lines(new)
        guard a != b else { return "" }
        let ops = script(a, b)
        var out = "--- \(path)\n+++ \(path) (formatted)\n"
        var i = 0
        while i < ops.count {
            guard ops[i].kind != .same else { i += 1; continue }
            let start = max(0, i - context)
            var end = i
            // Extend the hunk while changes are within 2 × context of each other.
            var j = i
            while j < ops.count {
                if ops[j].kind != .same { end = j; j += 1; continue }
                var k = j
                while k < ops.count, ops[k].kind == .same { k += 1 }
                if k < ops.count, k - j <= 2 * context { j = k } else { break }
            }
            let stop = min(ops.count, end + context + 1)
            let hunk = ops[start..<stop]
            let oldStart = (hunk.first?.oldIndex ?? 0) + 1, newStart = (hunk.first?.newIndex ?? 0) + 1
            let oldCount = hunk.filter { $0.kind != .insert }.count, newCount = hunk.filter { $0.kind != .delete }.count
            out += "@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@\n"
            for op in hunk {
                switch op.kind {
                case .same: out += " \(a[op.oldIndex])\n"
                case .delete: out += "-\(a[op.oldIndex])\n"
                case .insert: out += "+\(b[op.newIndex])\n"
                }
            }
            i = stop
        }
        return out
    }

    private struct Op {
        enum Kind { case same, delete, insert }
        var kind: Kind
        var oldIndex: Int
        var newIndex: Int
    }

    private static func lines(_ text: String) -> [String] {
        var out = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if out.last == "" { out.removeLast() }
        return out
    }

    /// Longest-common-subsequence edit script; spec files are small, so O(n·m) is fine, but
    /// the common prefix and suffix are trimmed first to keep typical diffs cheap.
    private static func script(_ a: [String], _ b: [String]) -> [Op] {
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] {
            suffix += 1
        }
        let x = Array(a[prefix..<(a.count - suffix)]), y = Array(b[prefix..<(b.count - suffix)])
        let n = x.count, m = y.count
        var table = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
        if n > 0 && m > 0 {
            for i in stride(from: n - 1, through: 0, by: -1) {
                for j in stride(from: m - 1, through: 0, by: -1) {
                    table[i][j] = x[i] == y[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
                }
            }
        }
        var ops: [Op] = (0..<prefix).map { Op(kind: .same, oldIndex: $0, newIndex: $0) }
        var i = 0, j = 0
        while i < n || j < m {
            if i < n, j < m, x[i] == y[j] {
                ops.append(Op(kind: .same, oldIndex: prefix + i, newIndex: prefix + j)); i += 1; j += 1
            } else if j < m, i == n || table[i][j + 1] >= table[i + 1][j] {
                ops.append(Op(kind: .insert, oldIndex: prefix + i, newIndex: prefix + j)); j += 1
            } else {
                ops.append(Op(kind: .delete, oldIndex: prefix + i, newIndex: prefix + j)); i += 1
            }
        }
        for k in 0..<suffix {
            ops.append(Op(kind: .same, oldIndex: a.count - suffix + k, newIndex: b.count - suffix + k))
        }
        return ops
    }
}
