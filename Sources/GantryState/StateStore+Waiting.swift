import GantryBasics

extension StateStore {
    /// Takes the lock, waiting up to `timeout` seconds for the current holder to let go.
    ///
    /// Retries every `pollInterval` seconds (sleeping, not blocking a thread). When the
    /// time runs out it throws the last `StateError.locked`, naming the holder.
    public func lock(_ info: LockInfo, timeout: Double, pollInterval: Double = 0.2) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .milliseconds(Int64(max(0, timeout) * 1000)))
        while true {
            do {
                return try await lock(info)
            } catch let error as StateError where error.isLockHeld {
                let remaining = clock.now.duration(to: deadline)
                guard remaining > .zero else { throw error }
                let pause = min(remaining, .milliseconds(Int64(max(0.01, pollInterval) * 1000)))
                try await Task.sleep(for: pause)
            }
        }
    }
}
