import Foundation

/// A dedicated thread that runs blocking file work (write, fsync, flock) in order, so
/// none of it ever blocks the cooperative thread pool.
///
/// Jobs run one at a time in submission order. `run` bridges a job's result back to
/// async code with a continuation.
final class IOThread: @unchecked Sendable {
    // `condition` guards `jobs` and `stopping`; everything else is immutable.
    private let condition = NSCondition()
    private var jobs: [@Sendable () -> Void] = []
    private var stopping = false

    init(name: String) {
        let thread = Thread { [self] in loop() }
        thread.name = name
        thread.start()
    }

    /// Queues `job`; it runs after every job submitted before it.
    func submit(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Runs `work` on the I/O thread and returns its result.
    func run<T: Sendable>(_ work: @escaping @Sendable () throws(StateError) -> T) async throws(StateError) -> T {
        let result: Result<T, StateError> = await withCheckedContinuation { continuation in
            submit {
                do throws(StateError) {
                    continuation.resume(returning: .success(try work()))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }

    /// Lets the thread finish the queued jobs and exit.
    func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
    }

    private func loop() {
        while true {
            condition.lock()
            while jobs.isEmpty && !stopping { condition.wait() }
            if jobs.isEmpty {
                condition.unlock()
                return
            }
            let batch = jobs
            jobs.removeAll(keepingCapacity: true)
            condition.unlock()
            for job in batch { job() }
        }
    }
}
