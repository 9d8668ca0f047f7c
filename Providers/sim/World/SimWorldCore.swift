import Dispatch
import Foundation
import Synchronization

/// The live world of one process: its state and its files, confined to one serial queue.
///
/// All file I/O blocks, so none of it may run on Swift's cooperative pool (two threads
/// here). An operation is queued as a job; the queue drains every job waiting at that
/// moment in one batch — take the world lock, catch up with other processes' writes, run
/// the jobs in order, append all their mutations with one `write(2)` — and only then
/// resumes their continuations (group commit: many concurrent calls, one write).
/// `@unchecked Sendable` is sound because `state`, `loaded` and `log` are touched only on
/// `queue`, and `waiting` is behind its mutex.
final class SimWorldCore: @unchecked Sendable {
    private struct Job: Sendable {
        /// Runs the operation; returns what resumes its caller once the batch is durable.
        let run: @Sendable (inout SimTransaction) -> @Sendable () -> Void
        let fail: @Sendable (Error) -> Void
    }

    private struct Waiting {
        var jobs: [Job] = []
        var drainScheduled = false
    }

    private let queue: DispatchQueue
    private let log: SimLog
    private var state = SimWorldState()
    private var loaded = false
    private let waiting = Mutex(Waiting())

    /// `directory` is the world's folder, `<working directory>/.gantry/sim`.
    init(directory: String, fsync: Bool) {
        queue = DispatchQueue(label: "gantry.sim.world")
        log = SimLog(directory: directory, fsync: fsync)
    }

    /// Starts loading an existing world in the background, so the first operation (often a
    /// plan's refresh, long after `configure`) does not wait for it. A failure is left for
    /// that operation to meet and report.
    func warm(ifPresentAt directory: String) {
        guard FileManager.default.fileExists(atPath: directory) else { return }
        queue.async { _ = try? self.log.withLock { try self.refresh() } }
    }

    /// Runs `body` against the current world; its mutations are durable when this returns.
    ///
    /// Throws `SimError` when the world cannot be read or written; the body's result is
    /// then discarded and the world is reloaded from disk on the next call.
    func transact<T: Sendable>(_ body: @escaping @Sendable (inout SimTransaction) -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let job = Job(
                run: { transaction in
                    let result = body(&transaction)
                    return { continuation.resume(returning: result) }
                },
                fail: { continuation.resume(throwing: $0) })
            let schedule = waiting.withLock { w -> Bool in
                w.jobs.append(job)
                defer { w.drainScheduled = true }
                return !w.drainScheduled
            }
            if schedule { queue.async { self.drain() } }
        }
    }

    /// Runs every waiting job as one batch. On `queue` only.
    private func drain() {
        let jobs = waiting.withLock { w -> [Job] in
            defer { w = Waiting() }
            return w.jobs
        }
        do {
            let resumes = try log.withLock { () throws -> [@Sendable () -> Void] in
                try refresh()
                var transaction = SimTransaction(now: Date().timeIntervalSince1970)
                // Move the state in and out instead of copying it: a copy would make every
                // batch O(world size) through copy-on-write.
                swap(&transaction.state, &state)
                let resumes = jobs.map { $0.run(&transaction) }
                swap(&transaction.state, &state)
                try log.append(transaction.pending)
                return resumes
            }
            for resume in resumes { resume() }
        } catch {
            loaded = false
            state = SimWorldState()
            for job in jobs { job.fail(error) }
        }
    }

    /// Loads the world, or applies what other processes wrote since. Lock held, on `queue`.
    private func refresh() throws {
        if loaded {
            try log.catchUp(&state)
        } else {
            state = try log.load()
            loaded = true
        }
    }

    /// Writes a snapshot and empties the log (admin `compact`, and after `reset`).
    func compact() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
            queue.async {
                continuation.resume(with: Result {
                    try self.log.withLock {
                        try self.refresh()
                        try self.log.compact(self.state)
                    }
                })
            }
        }
    }
}

/// One operation's view of the world: read `state`, change it only through `apply`.
struct SimTransaction {
    fileprivate(set) var state = SimWorldState()
    private(set) var pending: [SimMutation] = []
    /// Wall-clock seconds since 1970 at the start of the operation (boot times).
    let now: Double

    init(now: Double) { self.now = now }

    mutating func apply(_ mutation: SimMutation) {
        state.apply(mutation)
        pending.append(mutation)
    }

    /// A fresh counter value for a new resource id.
    mutating func reserveSerial() -> Int { state.reserveSerial() }
}
