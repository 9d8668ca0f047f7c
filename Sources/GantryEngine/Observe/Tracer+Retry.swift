import GantryBasics
import GantryProviderKit

extension Tracer {
    /// A provider call outside the apply walker (`plan`, `read`, `list`) that is retried
    /// with backoff when the provider answers `throttled` or `timeout`; other errors and
    /// the last attempt's error are thrown.
    func providerCall<T>(retrying retry: RetryPolicy, provider: String, method: String, type: String?,
                         addresses: [ResourceAddress] = [], count: Int,
                         _ call: () async throws -> T) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await providerCall(provider: provider, method: method, type: type, addresses: addresses,
                                              count: count, attempt: attempt, call)
            } catch let error as ProviderError where error.isRetryable && attempt < retry.maxAttempts {
                let delay = max(retry.delay(afterAttempt: attempt), error.retryAfter ?? 0)
                emit(.retrying(provider: provider, method: method, attempt: attempt, delay: delay, error: error))
                try? await Task.sleep(for: .seconds(delay))
                attempt += 1
            }
        }
    }
}

extension ProviderError {
    /// Seconds the provider asked us to wait (`detail.retry_after_ms`), when it did.
    var retryAfter: Double? {
        detail["retry_after_ms"]?.doubleValue.map { max(0, $0) / 1_000 }
    }
}
