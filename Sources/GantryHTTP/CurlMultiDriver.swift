import CCurl
import Foundation
import Synchronization

/// Drives one `curl_multi` handle on one dedicated thread.
///
/// Swift tasks never call a blocking libcurl function: `send` queues a job and suspends; the
/// driver's thread adds it to the multi handle, runs `curl_multi_perform` / `curl_multi_poll`,
/// and resumes the job's continuation when the transfer finishes. `curl_multi_wakeup` (the one
/// libcurl call that is safe from any thread) interrupts the poll when work arrives.
///
/// Connections live in the multi handle's cache, so consecutive requests to one host reuse them.
///
/// A job's life: reserved (id handed out) → queued → in flight → done. Cancellation may
/// arrive in any of these states and is honoured in each without losing or double-resuming
/// a continuation.
final class CurlMultiDriver: @unchecked Sendable {
    // @unchecked: `multi` is used by other threads only through curl_multi_wakeup (thread-safe);
    // `transfers` and `transferIDs` are touched only by the driver thread; everything threads
    // share is in `state`, behind a mutex.

    struct Job: Sendable {
        let id: UInt64
        let request: HTTPRequest
        let continuation: CheckedContinuation<Result<HTTPResponse, HTTPError>, Never>
    }

    private struct State {
        var nextID: UInt64 = 0
        /// Ids handed to `send` whose job is not submitted yet.
        var reserved: Set<UInt64> = []
        /// Reserved ids whose task was cancelled before the job was submitted.
        var cancelledBeforeSubmit: Set<UInt64> = []
        /// Submitted, waiting for the driver thread.
        var queued: [Job] = []
        /// Taken by the driver thread and not finished.
        var inFlight: Set<UInt64> = []
        /// In-flight ids to abort.
        var cancellations: [UInt64] = []
        var shuttingDown = false
    }

    private let state = Mutex(State())
    /// The `CURLM *` multi handle; cleaned up by the driver thread when it exits.
    private let multi: UnsafeMutableRawPointer
    private let caBundlePath: String?
    private var transfers: [UnsafeMutableRawPointer: CurlTransfer] = [:]
    private var transferIDs: [UInt64: UnsafeMutableRawPointer] = [:]

    private static let globalInit: Void = { _ = gantry_curl_global_init_default() }()

    /// - Parameters:
    ///   - maxConnectionsPerHost: 0 for libcurl's default (no limit).
    ///   - caBundlePath: PEM file of trusted certificate authorities, or `nil` for the system's.
    init(maxConnectionsPerHost: Int, caBundlePath: String?) {
        Self.globalInit
        guard let multi = curl_multi_init() else {
            fatalError("internal error: curl_multi_init returned NULL (out of memory)")
        }
        self.multi = multi
        self.caBundlePath = caBundlePath
        if maxConnectionsPerHost > 0 {
            _ = gantry_curl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, maxConnectionsPerHost)
        }
        let thread = Thread { [self] in run() }
        thread.name = "gantry-http"
        thread.start()
    }

    // MARK: - Called from any thread

    /// A fresh id for a request about to be submitted; cancellation can refer to it at once.
    func reserveID() -> UInt64 {
        state.withLock { s in
            let id = s.nextID
            s.nextID += 1
            s.reserved.insert(id)
            return id
        }
    }

    /// Queues `job` for the driver thread (or fails it at once if it was cancelled already or
    /// the driver is shutting down).
    func submit(_ job: Job) {
        let rejection: HTTPError.Code? = state.withLock { s in
            s.reserved.remove(job.id)
            if s.cancelledBeforeSubmit.remove(job.id) != nil { return .cancelled }
            if s.shuttingDown { return .shutdown }
            s.queued.append(job)
            return nil
        }
        if let rejection {
            job.continuation.resume(returning: .failure(
                HTTPError(rejection, method: job.request.method, url: job.request.url)))
        } else {
            curl_multi_wakeup(multi)
        }
    }

    /// Cancels the request `id` in whatever state it is; a finished request is left alone.
    func cancel(_ id: UInt64) {
        let removed: Job? = state.withLock { s in
            if s.reserved.contains(id) {
                s.cancelledBeforeSubmit.insert(id)
            } else if let index = s.queued.firstIndex(where: { $0.id == id }) {
                return s.queued.remove(at: index)
            } else if s.inFlight.contains(id) {
                s.cancellations.append(id)
            }
            return nil
        }
        if let removed {
            removed.continuation.resume(returning: .failure(
                HTTPError(.cancelled, method: removed.request.method, url: removed.request.url)))
        } else {
            curl_multi_wakeup(multi)
        }
    }

    /// Asks the driver thread to fail everything outstanding and exit.
    func shutdown() {
        state.withLock { $0.shuttingDown = true }
        curl_multi_wakeup(multi)
    }

    // MARK: - Driver thread

    private func run() {
        while true {
            let (jobs, cancellations, shuttingDown) = state.withLock { s in
                let taken = s.queued
                s.queued = []
                if !s.shuttingDown { for job in taken { s.inFlight.insert(job.id) } }
                let cancels = s.cancellations
                s.cancellations = []
                return (taken, cancels, s.shuttingDown)
            }
            if shuttingDown {
                for job in jobs {
                    job.continuation.resume(returning: .failure(
                        HTTPError(.shutdown, method: job.request.method, url: job.request.url)))
                }
                for id in Array(transferIDs.keys) { abort(id, with: .shutdown) }
                break
            }
            for job in jobs { start(job) }
            for id in cancellations { abort(id, with: .cancelled) }

            var running: Int32 = 0
            _ = curl_multi_perform(multi, &running)
            collectFinished()
            // Sleeps until a socket is ready, a libcurl timer is due, or curl_multi_wakeup.
            _ = curl_multi_poll(multi, nil, 0, 1000, nil)
        }
        curl_multi_cleanup(multi)
    }

    private func start(_ job: Job) {
        let transfer: CurlTransfer
        do {
            transfer = try CurlTransfer(job, caBundlePath: caBundlePath)
        } catch {
            finish(job.id, job.continuation, .failure(error))
            return
        }
        let code = curl_multi_add_handle(multi, transfer.easy)
        guard code == CURLM_OK else {
            let message = String(cString: curl_multi_strerror(code))
            finish(job.id, job.continuation, .failure(HTTPError(
                .invalidRequest("curl_multi_add_handle failed: \(message)"),
                method: job.request.method, url: job.request.url)))
            return
        }
        transfers[transfer.easy] = transfer
        transferIDs[job.id] = transfer.easy
    }

    private func collectFinished() {
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(multi, &remaining) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle,
                  let transfer = transfers.removeValue(forKey: easy) else { continue }
            // Read the result before removing the handle: removal invalidates `message`.
            let result = transfer.outcome(message.pointee.data.result)
            curl_multi_remove_handle(multi, easy)
            transferIDs[transfer.id] = nil
            finish(transfer.id, transfer.continuation, result)
        }
    }

    private func abort(_ id: UInt64, with code: HTTPError.Code) {
        guard let easy = transferIDs.removeValue(forKey: id),
              let transfer = transfers.removeValue(forKey: easy) else { return }
        curl_multi_remove_handle(multi, easy)
        finish(id, transfer.continuation, .failure(HTTPError(code, method: transfer.method, url: transfer.url)))
    }

    private func finish(_ id: UInt64, _ continuation: CheckedContinuation<Result<HTTPResponse, HTTPError>, Never>,
                        _ result: Result<HTTPResponse, HTTPError>) {
        state.withLock { _ = $0.inFlight.remove(id) }
        continuation.resume(returning: result)
    }
}
