import GantryBasics

/// "Did you mean …?" for misspelled option names, commands and values, by edit distance
/// (`EditDistance` in GantryBasics, shared with the spec's diagnostics).
enum Suggestion {
    /// ` Did you mean 'x'?` when one candidate is close to `typed`, or an empty string.
    static func didYouMean(_ typed: String, among candidates: [String]) -> String {
        guard let best = EditDistance.bestMatch(for: typed, among: candidates) else { return "" }
        return " Did you mean '\(best)'?"
    }
}
