import GantryProviderKit

/// Waiting on AWS's background work (a group launching or being deleted, a mount target
/// going away): asks again after each pause until the answer is in or the time is up.
///
/// The first check runs at once, so a cloud that answers immediately (moto) costs no wait.
struct AWSPoll: Sendable {
    /// How long to keep asking, in seconds; 0 checks once.
    var seconds: Double
    /// Seconds between checks.
    var pause: Double

    /// Runs `check` until it answers non-nil; nil when `seconds` passed first.
    ///
    /// ```swift
    /// let gone = try await AWSPoll(seconds: 120, pause: 5).until { try await exists() ? nil : true }
    /// ```
    func until<T>(_ check: () async throws(ProviderError) -> T?) async throws(ProviderError) -> T? {
        let clock = ContinuousClock()
        let deadline = clock.now + .milliseconds(Int64(max(0, seconds) * 1000))
        while true {
            if let answer = try await check() { return answer }
            let left = deadline - clock.now
            guard left > .zero else { return nil }
            try? await Task.sleep(for: min(left, .milliseconds(Int64(max(0.01, pause) * 1000))))
        }
    }

    /// Human text for the bound: `2 min`, `45 s`.
    var boundText: String {
        seconds >= 120 && seconds.truncatingRemainder(dividingBy: 60) == 0 ? "\(Int(seconds / 60)) min" : "\(Int(seconds)) s"
    }
}
