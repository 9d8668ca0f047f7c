import GantryState

/// Runs work while holding the state's write lock, so two runs never write one state.
enum StateLock {
    /// `--lock-timeout`, shared by every command that writes state.
    static let timeoutOption = Option<Double>(
        "lock-timeout", valueName: "seconds", default: "0",
        help: "Wait this long for another run's state lock before giving up (exit code 3).")

    /// Takes the lock (waiting up to `timeout` seconds), runs `body`, releases the lock —
    /// also when `body` throws.
    ///
    /// - Throws: `StateError` with `isLockHeld` naming the holder when it stays taken; the
    ///   entry point turns that into exit code 3.
    static func withLock<T: Sendable>(_ store: some StateStore, operation: String, timeout: Double,
                                      _ body: () async throws -> T) async throws -> T {
        try await store.lock(.current(operation: operation), timeout: timeout)
        do {
            let result = try await body()
            try await store.unlock()
            return result
        } catch {
            try? await store.unlock()
            throw error
        }
    }
}
