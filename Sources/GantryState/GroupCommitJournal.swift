import Foundation
import GantryBasics

/// Batches journal appends so that steps finishing together share one write and fsync.
///
/// An append adds its lines to `pending` and waits. The first append into an empty batch
/// queues one flush job on the I/O thread; appends that arrive while a flush is writing
/// or fsyncing join the next batch. Lines reach the file in the order appends were made.
final class GroupCommitJournal: @unchecked Sendable {
    private let io: BlockingThread
    private let files: StateFiles
    // `lock` guards the three fields below.
    private let lock = NSLock()
    private var pending: [UInt8] = []
    private var waiters: [CheckedContinuation<Result<Void, StateError>, Never>] = []
    private var flushQueued = false

    init(io: BlockingThread, files: StateFiles) {
        self.io = io
        self.files = files
    }

    /// Returns once `lines` are durable on disk.
    func append(_ lines: [UInt8]) async throws(StateError) {
        let result = await withCheckedContinuation { continuation in
            lock.lock()
            pending.append(contentsOf: lines)
            waiters.append(continuation)
            let queueFlush = !flushQueued
            flushQueued = true
            lock.unlock()
            if queueFlush { io.submit { [self] in flush() } }
        }
        try result.get()
    }

    /// Runs on the I/O thread: writes everything pending as one batch.
    private func flush() {
        lock.lock()
        let batch = pending
        let batchWaiters = waiters
        pending.removeAll(keepingCapacity: true)
        waiters.removeAll(keepingCapacity: true)
        flushQueued = false
        lock.unlock()
        let result: Result<Void, StateError>
        do throws(StateError) {
            try files.appendJournal(batch)
            result = .success(())
        } catch {
            result = .failure(error)
        }
        for waiter in batchWaiters { waiter.resume(returning: result) }
    }
}
