/// Per-provider concurrency that adapts to throttling: additive increase on each
/// successful call, halving on `throttled` (AIMD), between 1 and a configured maximum.
///
/// Calls launched before the last decrease do not halve it again when they come back
/// throttled too — one burst of throttling is one signal, not one per call in flight.
struct AdaptiveLimit {
    let maximum: Int
    private(set) var limit: Double
    private(set) var inFlight = 0
    /// Bumped on each decrease; a call remembers the epoch it started in.
    private(set) var epoch = 0
    private(set) var lowest: Int
    private(set) var highestInFlight = 0
    private(set) var throttles = 0

    init(maximum: Int, initial: Int?) {
        self.maximum = max(1, maximum)
        let start = min(self.maximum, max(1, initial ?? self.maximum))
        limit = Double(start)
        lowest = start
    }

    /// The current limit, whole calls.
    var current: Int { max(1, Int(limit)) }

    /// Whether another call may start now.
    var hasSlot: Bool { inFlight < current }

    /// Takes a slot for a call; returns the epoch to hand back with the result.
    mutating func acquire() -> Int {
        inFlight += 1
        highestInFlight = max(highestInFlight, inFlight)
        return epoch
    }

    /// Releases a slot after a call that was not throttled.
    mutating func succeeded() {
        inFlight -= 1
        limit = min(Double(maximum), limit + 1)
    }

    /// Releases a slot after a call that failed for another reason (no change to the limit).
    mutating func released() { inFlight -= 1 }

    /// Releases a slot after a throttled call, halving the limit once per epoch.
    mutating func throttled(startedIn callEpoch: Int) {
        inFlight -= 1
        throttles += 1
        guard callEpoch == epoch else { return }
        limit = max(1, (limit / 2).rounded(.down))
        epoch += 1
        lowest = min(lowest, current)
    }
}
