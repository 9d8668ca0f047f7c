/// "Did you mean …?" for misspelled option names, commands and values.
enum Suggestion {
    /// ` Did you mean 'x'?` when one candidate is close to `typed`, or an empty string.
    static func didYouMean(_ typed: String, among candidates: [String]) -> String {
        guard let best = closest(to: typed, among: candidates) else { return "" }
        return " Did you mean '\(best)'?"
    }

    /// The candidate nearest to `typed` by edit distance, if it is near enough to be a typo:
    /// at most a third of the word's length (and at least one edit) away.
    static func closest(to typed: String, among candidates: [String]) -> String? {
        let limit = max(1, typed.count / 3)
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(typed, candidate)
            if distance <= limit, distance < (best?.distance ?? .max) {
                best = (candidate, distance)
            }
        }
        return best?.candidate
    }

    /// Levenshtein distance with adjacent transpositions counted as one edit.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previous2[j - 2] + 1)
                }
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}
