/// When the next run starts: the loop's lifecycle as a state machine (no side effects;
/// the `Reconciler` performs the returned actions).
///
/// After a success the next run is one `interval` (± jitter) away; after a failure the
/// wait starts at `retryInterval` and doubles up to `maxRetryInterval`. `--once` stops after
/// the first run. (Triggers — webhooks — cut a wait short in `Wakeup`; they don't change
/// the schedule.)
public struct ReconcileSchedule: Sendable {
    public struct Timing: Sendable, Hashable {
        public var interval: Duration
        /// Fraction of the interval to randomise by (0.1 → ±10 %), so replicas don't align.
        public var jitter: Double
        public var retryInterval: Duration
        public var maxRetryInterval: Duration
        public var once: Bool

        public init(interval: Duration, jitter: Double = 0.1, retryInterval: Duration,
                    maxRetryInterval: Duration, once: Bool = false) {
            self.interval = interval
            self.jitter = jitter
            self.retryInterval = retryInterval
            self.maxRetryInterval = maxRetryInterval
            self.once = once
        }
    }

    public enum Action: Sendable, Hashable {
        case run
        case wait(Duration)
        case stop
    }

    private enum State: Sendable {
        case idle
        case running(failures: Int)
        case waiting(failures: Int)
        case stopped
    }

    private var state = State.idle
    private let timing: Timing

    public init(timing: Timing) { self.timing = timing }

    /// Consecutive failed runs so far.
    public var consecutiveFailures: Int {
        switch state {
        case .running(let failures), .waiting(let failures): failures
        case .idle, .stopped: 0
        }
    }

    public mutating func start() -> Action {
        state = .running(failures: 0)
        return .run
    }

    /// A run finished; `failed` counts towards backoff, `random` is in 0..<1 (jitter).
    public mutating func finished(failed: Bool, random: Double) -> Action {
        guard case .running(let failures) = state else { return .stop }
        let count = failed ? failures + 1 : 0
        if timing.once { state = .stopped; return .stop }
        state = .waiting(failures: count)
        return .wait(delay(failures: count, random: random))
    }

    /// The wait ended, by its timer or by a trigger.
    public mutating func woke() -> Action {
        guard case .waiting(let failures) = state else { return .stop }
        state = .running(failures: failures)
        return .run
    }

    func delay(failures: Int, random: Double) -> Duration {
        if failures > 0 {
            let factor = Double(1 << min(failures - 1, 20))
            let seconds = min(timing.retryInterval.seconds * factor, timing.maxRetryInterval.seconds)
            return .seconds(seconds)
        }
        let spread = timing.interval.seconds * timing.jitter
        return .seconds(max(0, timing.interval.seconds + spread * (2 * random - 1)))
    }
}

extension Duration {
    /// The duration in seconds as a Double.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
