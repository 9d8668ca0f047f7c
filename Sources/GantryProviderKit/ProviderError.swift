import GantryBasics

/// A typed failure from a provider, with the cloud's own code and message kept.
public struct ProviderError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What the engine does about it.
    public enum Code: String, Sendable, Hashable, Codable, CaseIterable {
        /// Rate limited: retry with backoff, and lower concurrency.
        case throttled
        /// Insufficient capacity for this offer: fail over to the next zone/region/market.
        case capacity
        /// The resource exists or is in a conflicting state.
        case conflict
        case notFound = "not_found"
        /// The request itself is wrong; retrying will not help.
        case invalid
        case auth
        /// A call that did not answer in time; the operation's outcome is unknown.
        case timeout
        case fatal
    }

    public var code: Code
    public var message: String
    /// The resource the failure belongs to, when there is one.
    public var address: ResourceAddress?
    /// The cloud's own error code (`InsufficientInstanceCapacity`).
    public var providerCode: String?
    /// Extra structured detail (the zone and market that were short, a retry-after).
    public var detail: [String: Value]

    public init(_ code: Code, _ message: String, address: ResourceAddress? = nil, providerCode: String? = nil,
                detail: [String: Value] = [:]) {
        self.code = code
        self.message = message
        self.address = address
        self.providerCode = providerCode
        self.detail = detail
    }

    /// Whether the same call may be tried again after a pause.
    public var isRetryable: Bool { code == .throttled || code == .timeout }

    public var description: String {
        var text = "\(code.rawValue): \(message)"
        if let providerCode { text += " (\(providerCode))" }
        return text
    }
}
