import GantryBasics

/// How to apply: concurrency limits, batching, retries and the Ctrl-C signal.
public struct ApplyOptions: Sendable {
    /// Upper bound of concurrent calls per provider (`--parallelism`).
    public var maxConcurrency: Int
    /// Per-provider overrides of `maxConcurrency`.
    public var providerMaxConcurrency: [String: Int]
    /// Where the adaptive limit starts; nil starts at the maximum.
    public var initialConcurrency: Int?
    /// Most resources of one type sent in one `create`/`update`/`delete` call.
    public var maxBatchSize: Int
    /// Backoff for `throttled` and `timeout` errors.
    public var retry: RetryPolicy
    /// Tripped by the CLI on Ctrl-C: no new work starts, in-flight calls finish.
    public var cancellation: CancellationSignal?
    /// Chooses another offer after a `capacity` error; with nil and a plan that has node
    /// pools to place, the engine fails over through each pool's offers (`FleetFailover`).
    public var capacityFailover: (any CapacityFailover)?
    /// How long a failed capacity offer is remembered in state (seconds).
    public var failedOfferTTL: Double = FailedOfferMemory.defaultTTL
    /// The time failed offers expire against, in seconds since 1970; nil is now.
    public var now: Double? = nil

    public init(maxConcurrency: Int = 32, providerMaxConcurrency: [String: Int] = [:],
                initialConcurrency: Int? = nil, maxBatchSize: Int = 50, retry: RetryPolicy = RetryPolicy(),
                cancellation: CancellationSignal? = nil, capacityFailover: (any CapacityFailover)? = nil) {
        self.maxConcurrency = max(1, maxConcurrency)
        self.providerMaxConcurrency = providerMaxConcurrency
        self.initialConcurrency = initialConcurrency
        self.maxBatchSize = max(1, maxBatchSize)
        self.retry = retry
        self.cancellation = cancellation
        self.capacityFailover = capacityFailover
    }

    func maxConcurrency(for provider: String) -> Int {
        max(1, providerMaxConcurrency[provider] ?? maxConcurrency)
    }
}
