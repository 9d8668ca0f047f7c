import Dispatch
import Foundation

/// The live world of one process: its state and its files, confined to one serial queue.
///
/// All file I/O blocks, so none of it may run on Swift's cooperative pool (two threads
/// here). Every operation hops onto `queue`, takes the world lock, catches up with other
/// processes' writes, runs, appends its mutations in one write and hops back through a
/// continuation. `@unchecked Sendable` is sound because `state` and `log` are touched only
/// on `queue`.
final class SimWorldCore: @unchecked Sendable {
    private let queue: DispatchQueue
    private let log: SimLog
    private var state = SimWorldState()
    private var loaded = false

    /// `directory` is the world's folder, `<working directory>/.gantry/sim`.
    init(directory: String, fsync: Bool) {
        queue = DispatchQueue(label: "gantry.sim.world")
        log = SimLog(directory: directory, fsync: fsync)
    }

    /// Runs `body` against the current world; its mutations are durable when this returns.
    ///
    /// Throws `SimError` when the world cannot be read or written; the body's result is
    /// then discarded and the world is reloaded from disk on the next call.
    func transact<T: Sendable>(_ body: @escaping @Sendable (inout SimTransaction) -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try self.transactOnQueue(body) })
            }
        }
    }

    private func transactOnQueue<T>(_ body: (inout SimTransaction) -> T) throws -> T {
        try log.withLock {
            do {
                if loaded {
                    try log.catchUp(&state)
                } else {
                    state = try log.load()
                    loaded = true
                }
                var transaction = SimTransaction(now: Date().timeIntervalSince1970)
                // Move the state in and out instead of copying it: a copy would make every
                // call O(world size) through copy-on-write.
                swap(&transaction.state, &state)
                let result = body(&transaction)
                swap(&transaction.state, &state)
                try log.append(transaction.pending)
                return result
            } catch {
                loaded = false
                state = SimWorldState()
                throw error
            }
        }
    }

    /// Writes a snapshot and empties the log (admin `compact`, and after `reset`).
    func compact() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
            queue.async {
                continuation.resume(with: Result {
                    try self.log.withLock {
                        if !self.loaded {
                            self.state = try self.log.load()
                            self.loaded = true
                        } else {
                            try self.log.catchUp(&self.state)
                        }
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
