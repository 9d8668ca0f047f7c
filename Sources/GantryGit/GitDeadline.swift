import Foundation
import Synchronization

/// The moment a git operation must have finished by. libgit2 transport callbacks poll
/// it and abort the operation once it passed; the worker expires it when it gives up.
final class GitDeadline: Sendable {
    let instant: ContinuousClock.Instant
    private let expired = Mutex(false)

    init(after timeout: Duration) { instant = .now + timeout }

    /// True once the deadline passed or the worker abandoned the operation.
    var hasPassed: Bool { expired.withLock { $0 } || ContinuousClock.now >= instant }

    func expire() { expired.withLock { $0 = true } }
}

/// Runs blocking libgit2 work on a dedicated thread, never on the cooperative pool,
/// and answers by the deadline whatever the thread does.
///
/// libgit2 1.5.1 has no connect or read timeouts (`GIT_OPT_SET_SERVER_TIMEOUT` arrived in
/// 1.7), and its transport callbacks are not called while a socket read blocks. So a
/// server that accepts and never answers would hold the thread forever: at the deadline
/// the caller gets `timeout` and the thread is abandoned (counted in `abandonedOperations`)
/// — it exits on its own if the server ever answers or closes, and the callbacks abort
/// it at its next call.
enum GitWorker {
    private static let abandoned = Mutex(0)

    /// Operations given up at their deadline whose thread is still blocked.
    static var abandonedOperations: Int { abandoned.withLock { $0 } }

    static func run<T: Sendable>(_ operation: String, timeout: Duration,
                                 _ body: @escaping @Sendable (GitDeadline) throws(GitError) -> T)
        async throws(GitError) -> T
    {
        let deadline = GitDeadline(after: timeout)
        let result: Result<T, GitError> = await withCheckedContinuation { continuation in
            let once = ResumeOnce(continuation)
            let timer = Task {
                try? await Task.sleep(for: timeout)
                if Task.isCancelled { return }
                deadline.expire()
                let error = GitError(.timeout, "\(operation) did not finish within \(timeout.secondsText)",
                                     hint: "the server accepted the connection but stopped answering, or the "
                                         + "network is slow; raise --timeout if the repository is large")
                if once.resume(.failure(error)) { abandoned.withLock { $0 += 1 } }
            }
            let thread = Thread {
                let outcome: Result<T, GitError>
                do throws(GitError) { outcome = .success(try body(deadline)) } catch { outcome = .failure(error) }
                if once.resume(outcome) {
                    timer.cancel()
                } else {
                    abandoned.withLock { $0 -= 1 }
                }
            }
            thread.name = "gantry-git"
            thread.start()
        }
        return try result.get()
    }
}

/// Resumes a continuation exactly once, from whichever side gets there first.
private final class ResumeOnce<T: Sendable>: Sendable {
    private let continuation: Mutex<CheckedContinuation<T, Never>?>

    init(_ continuation: CheckedContinuation<T, Never>) { self.continuation = Mutex(continuation) }

    /// Resumes and returns true the first time; returns false afterwards.
    func resume(_ value: T) -> Bool {
        guard let pending = continuation.withLock({ state -> CheckedContinuation<T, Never>? in
            defer { state = nil }
            return state
        }) else { return false }
        pending.resume(returning: value)
        return true
    }
}

extension Duration {
    /// `2.5s`, for messages.
    var secondsText: String {
        let seconds = Double(components.seconds) + Double(components.attoseconds) / 1e18
        return seconds == seconds.rounded() ? "\(Int(seconds))s" : "\((seconds * 1000).rounded() / 1000)s"
    }
}
