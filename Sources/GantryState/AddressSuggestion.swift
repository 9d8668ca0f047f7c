import GantryBasics

/// "Did you mean …?" for mistyped addresses.
enum AddressSuggestion {
    /// The candidate closest to `address` when it is a plausible typo, else nil.
    static func closest(to address: ResourceAddress, among candidates: some Sequence<ResourceAddress>) -> ResourceAddress? {
        EditDistance.bestMatch(for: address.rawValue, among: candidates.lazy.map(\.rawValue)).map { ResourceAddress($0) }
    }
}
