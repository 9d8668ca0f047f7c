import GantryBasics
import GantryProviderKit

/// Something the engine did, for progress displays, logs and tests.
///
/// The engine never prints; the CLI, the reconcile service and tests each render events
/// their own way through an `EngineObserver`.
public enum EngineEvent: Sendable {
    /// The operation that events belong to.
    public enum Operation: String, Sendable { case plan, apply, refresh, destroy, `import` }

    /// How one resource's action ended.
    public enum Outcome: Sendable, Hashable {
        case succeeded
        case failed(ProviderError)
        /// A dependency failed, so this was not attempted.
        case skipped(because: ResourceAddress)
        /// Cancelled (Ctrl-C) before it started.
        case notStarted
    }

    /// Done / in-flight / remaining counts during apply.
    public struct Progress: Sendable, Hashable {
        public var done: Int
        public var failed: Int
        public var inFlight: Int
        public var remaining: Int
        public var total: Int
        /// Seconds since the operation started.
        public var elapsed: Double
    }

    case operationStarted(Operation, resources: Int)
    case operationFinished(Operation, elapsed: Double)
    case willStart(address: ResourceAddress, action: ChangeAction)
    case didFinish(address: ResourceAddress, action: ChangeAction, outcome: Outcome)
    /// A provider call began: `method` (`create`, `read`, …) for `count` resources of `type`.
    case providerCallStarted(provider: String, method: String, type: String?, count: Int, attempt: Int,
                             concurrencyLimit: Int?)
    case providerCallFinished(provider: String, method: String, type: String?, count: Int, attempt: Int,
                              outcome: String, seconds: Double)
    /// The provider throttled a call: its concurrency limit is now `newLimit`, and the
    /// resources are retried after `delay` seconds.
    case throttled(provider: String, addresses: [ResourceAddress], attempt: Int, newLimit: Int, delay: Double)
    /// A call outside the apply walk (`plan`, `read`, `list`) failed with a retryable
    /// error (`throttled`, `timeout`) and is tried again after `delay` seconds.
    case retrying(provider: String, method: String, attempt: Int, delay: Double, error: ProviderError)
    /// A create timed out and the resource was found in the cloud by its tag.
    case adopted(address: ResourceAddress, id: String)
    /// A node group's rollout moved on (a step started, a gate passed) or stopped.
    case rollout(address: ResourceAddress, message: String)
    case progress(Progress)
}

/// Receives engine events. Called from any task; implementations must be thread-safe
/// and quick (hand work off rather than block).
public protocol EngineObserver: Sendable {
    func handle(_ event: EngineEvent)
}
