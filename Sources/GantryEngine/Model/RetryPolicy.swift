/// Jittered exponential backoff for retryable provider errors (`throttled`, `timeout`).
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in total, the first included.
    public var maxAttempts: Int
    /// Delay before the second attempt, in seconds; doubles each time.
    public var baseDelay: Double
    /// Longest single delay, in seconds.
    public var maxDelay: Double

    public init(maxAttempts: Int = 8, baseDelay: Double = 0.2, maxDelay: Double = 20) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = max(0, baseDelay)
        self.maxDelay = max(0, maxDelay)
    }

    /// The pause before attempt `attempt + 1` ("full jitter": uniform in 0...cap), so
    /// many throttled callers do not retry in lockstep.
    public func delay(afterAttempt attempt: Int) -> Double {
        let exponent = min(max(attempt - 1, 0), 30)
        let cap = min(maxDelay, baseDelay * Double(1 << exponent))
        guard cap > 0 else { return 0 }
        return Double.random(in: (cap / 2)...cap)
    }
}
