import Synchronization

/// Ends the loop's wait early: `signal()` is safe from any thread (the HTTP server's C
/// callback calls it); a signal that arrives during a run makes the next wait return at once.
public final class Wakeup: Sendable {
    private struct State {
        var pending = false
        var waiter: CheckedContinuation<Bool, Never>?
        var timer: Task<Void, Never>?
    }

    private let state = Mutex(State())

    public init() {}

    /// Wakes the current wait, or the next one.
    public func signal() {
        let waiter = state.withLock { state -> CheckedContinuation<Bool, Never>? in
            state.timer?.cancel()
            state.timer = nil
            guard let waiter = state.waiter else { state.pending = true; return nil }
            state.waiter = nil
            return waiter
        }
        waiter?.resume(returning: true)
    }

    /// Waits up to `duration`; returns true when woken by a signal.
    public func wait(for duration: Duration) async -> Bool {
        await withCheckedContinuation { continuation in
            let resumeNow = state.withLock { state -> Bool in
                if state.pending { state.pending = false; return true }
                state.waiter = continuation
                state.timer = Task { [weak self] in
                    try? await Task.sleep(for: duration)
                    if !Task.isCancelled { self?.expire() }
                }
                return false
            }
            if resumeNow { continuation.resume(returning: true) }
        }
    }

    private func expire() {
        let waiter = state.withLock { state -> CheckedContinuation<Bool, Never>? in
            defer { state.waiter = nil; state.timer = nil }
            return state.waiter
        }
        waiter?.resume(returning: false)
    }
}
