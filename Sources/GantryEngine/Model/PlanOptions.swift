import GantryBasics

/// How to plan: whether to refresh first and which resources to consider.
public struct PlanOptions: Sendable, Hashable {
    /// Read every recorded resource from the cloud first (`--refresh=false` turns it off).
    public var refresh: Bool
    /// `--target` addresses: only these (prefix match on address segments, so an item
    /// address selects every resource lowered from it) and what they depend on.
    public var targets: [ResourceAddress]
    /// `--exclude` addresses: these and everything that depends on them are left alone.
    public var excludes: [ResourceAddress]
    /// Most resources sent in one `plan` call to a provider; a level's batches go out together.
    public var planBatchSize: Int
    /// Most resources in one `read` call when refreshing. Large types are read in several
    /// batches at once, so the provider answers one while Gantry decodes another.
    public var readBatchSize: Int = 2_500
    /// Backoff for `plan`, `read` and `list` calls answered with `throttled` or `timeout`.
    public var retry: RetryPolicy
    /// The time failed-offer expiry is judged against, in seconds since 1970; nil is now
    /// (tests set it to step past a TTL).
    public var now: Double? = nil

    public init(refresh: Bool = true, targets: [ResourceAddress] = [], excludes: [ResourceAddress] = [],
                planBatchSize: Int = 250, retry: RetryPolicy = RetryPolicy()) {
        self.refresh = refresh
        self.targets = targets
        self.excludes = excludes
        self.planBatchSize = max(1, planBatchSize)
        self.retry = retry
    }
}
