import GantryBasics

extension ProviderError {
    /// The `detail` key a failure sets to `"unknown"` when the operation may have happened
    /// although no answer says so (a plugin that died or hung during a create).
    public static let outcomeKey = "outcome"

    /// Whether the operation may have changed the cloud despite failing: a timeout, or a
    /// failure marked `detail.outcome = "unknown"`. The engine keeps such a create's intent,
    /// so the next plan looks the resource up by its address tag instead of creating it twice.
    public var outcomeUnknown: Bool { code == .timeout || detail[Self.outcomeKey] == "unknown" }
}
