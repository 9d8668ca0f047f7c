/// Batches journal appends so steps finishing together share one round trip.
///
/// The first append into an empty batch starts a flush; appends arriving while it is in
/// flight join the next batch. Lines of one call stay together and in order.
actor GroupCommitter {
    private let write: @Sendable ([String]) async throws -> Void
    private var pending: [String] = []
    private var waiters: [CheckedContinuation<Void, any Error>] = []
    private var flushing = false
    /// How many batches were written, for tests.
    private(set) var flushes = 0

    init(write: @escaping @Sendable ([String]) async throws -> Void) {
        self.write = write
    }

    /// Returns once `lines` (encoded journal entries) are durable in the backend.
    func append(_ lines: [String]) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            pending.append(contentsOf: lines)
            waiters.append(continuation)
            if !flushing {
                flushing = true
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while !pending.isEmpty {
            let batch = pending, batchWaiters = waiters
            pending.removeAll()
            waiters.removeAll()
            do {
                try await write(batch)
                flushes += 1
                for waiter in batchWaiters { waiter.resume() }
            } catch {
                for waiter in batchWaiters { waiter.resume(throwing: error) }
            }
        }
        flushing = false
    }
}
