import GantryProviderKit

/// Why a provider refused an offer, as far as failover cares.
public enum FailoverCause: Sendable, Hashable {
    /// Not enough capacity of that type in that zone and market (`InsufficientInstanceCapacity`).
    case shortage
    /// The account's quota for the market is exhausted (`QuotaExceeded`).
    case quota
    /// A capacity answer Gantry cannot classify: only the zone is blamed.
    case other

    /// Reads the provider's code; AWS and the sim use the same names.
    public init(_ error: ProviderError) {
        let code = error.providerCode ?? ""
        if code.contains("Quota") || code.contains("LimitExceeded") { self = .quota }
        else if code.contains("InsufficientInstanceCapacity") || code.contains("InsufficientCapacity")
            || code.contains("SpotMaxPriceTooLow") || code.contains("Unfulfillable") { self = .shortage }
        else { self = .other }
    }

    /// `spot was short`, `the spot quota was exhausted`.
    func phrase(market: String) -> String {
        switch self {
        case .shortage: return "\(market) was short"
        case .quota: return "the \(market) quota was exhausted"
        case .other: return "\(market) failed"
        }
    }
}
