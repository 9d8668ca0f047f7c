/// Edit distance between words, for "did you mean …?" suggestions.
///
/// Used for misspelled spec keys, references, GPU models, regions, CLI flags and
/// commands. The distance is the optimal-string-alignment variant of Damerau–Levenshtein
/// (a swap of two neighbours costs 1, as in `nodes_pools` → `node_pools`), compared
/// case-insensitively so `h100` suggests `H100`.
///
/// ```swift
/// EditDistance.bestMatch(for: "node_pool", among: ["networks", "node_pools"])  // "node_pools"
/// EditDistance.hint(for: "--detailed-exitcod", among: flags)  // "did you mean '--detailed-exitcode'?"
/// ```
public enum EditDistance {
    /// The number of single-character insertions, deletions, substitutions and adjacent
    /// swaps that turn `a` into `b`, ignoring case.
    public static func distance(_ a: String, _ b: String) -> Int {
        let s = Array(a.lowercased().unicodeScalars)
        let t = Array(b.lowercased().unicodeScalars)
        if s.isEmpty { return t.count }
        if t.isEmpty { return s.count }
        // Three rolling rows keep memory linear while still seeing the row before last for swaps.
        var beforePrevious = [Int](repeating: 0, count: t.count + 1)
        var previous = Array(0...t.count)
        var current = [Int](repeating: 0, count: t.count + 1)
        for i in 1...s.count {
            current[0] = i
            for j in 1...t.count {
                let cost = s[i - 1] == t[j - 1] ? 0 : 1
                var best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, s[i - 1] == t[j - 2], s[i - 2] == t[j - 1] {
                    best = min(best, beforePrevious[j - 2] + 1)
                }
                current[j] = best
            }
            (beforePrevious, previous, current) = (previous, current, beforePrevious)
        }
        return previous[t.count]
    }

    /// The candidate closest to `input`, when it is close enough to be a plausible typo.
    ///
    /// "Close enough" grows with the length of the input: one edit for short words, up to
    /// a third of the word for long ones. Ties go to the candidate listed first.
    public static func bestMatch<S: Sequence>(for input: String, among candidates: S) -> String?
    where S.Element == String {
        let limit = max(1, min(4, (input.count + 1) / 3))
        var best: (word: String, distance: Int)?
        for candidate in candidates where candidate != input {
            // Skip the quadratic work when the lengths alone rule the candidate out.
            if abs(candidate.count - input.count) > limit { continue }
            let d = distance(input, candidate)
            if d <= limit, d < (best?.distance ?? Int.max) { best = (candidate, d) }
        }
        return best?.word
    }

    /// `did you mean 'x'?` for the best match, or nil when nothing is close.
    public static func hint<S: Sequence>(for input: String, among candidates: S) -> String?
    where S.Element == String {
        bestMatch(for: input, among: candidates).map { "did you mean '\($0)'?" }
    }
}
