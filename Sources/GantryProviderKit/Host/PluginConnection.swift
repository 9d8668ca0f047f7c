import GantryBasics
import Synchronization

/// The host side of one plugin connection: numbered requests, replies matched by id in
/// whatever order they come, per-call timeouts, and failing every call in flight at once
/// when the plugin goes away.
///
/// Reply envelopes are checked on the transport's thread; their results stay JSON text
/// (`RawJSON`) for the caller to read straight into its message type.
final class PluginConnection: Sendable {
    /// What ended the connection's usefulness, reported once to the owner.
    enum Problem: Sendable {
        /// The incoming stream ended.
        case closed(TransportEnd)
        /// The plugin wrote something that is not a protocol message.
        case garbage(line: [UInt8], error: RPCError)
    }

    /// How a call ends.
    enum Reply: Sendable {
        case result(RawJSON)
        case rpcError(RPCError)
        case failed(HostFailure)
    }

    /// One call waiting for its reply.
    struct Pending: Sendable {
        let method: PluginProtocol.Method
        let continuation: CheckedContinuation<Reply, Never>
        var timer: Task<Void, Never>?
    }

    private struct State {
        var nextID = 1
        var pending: [Int: Pending] = [:]
        /// Set once the connection is unusable; new calls fail with it.
        var failure: HostFailure?
        var problemReported = false
    }

    private let state = Mutex(State())
    private let transport: any PluginTransport
    /// The provider's name, for messages.
    let name: String
    private let onProblem: @Sendable (PluginConnection, Problem) -> Void

    init(transport: any PluginTransport, name: String,
         onProblem: @escaping @Sendable (PluginConnection, Problem) -> Void) {
        self.transport = transport
        self.name = name
        self.onProblem = onProblem
    }

    func start() {
        transport.start { [self] event in
            switch event {
            case .line(let line): receive(line)
            case .closed(let end): report(.closed(end))
            }
        }
    }

    /// Sends a request and waits for its reply.
    ///
    /// - Parameter timeout: fail the call (and ask the plugin to cancel it) after this long.
    func call(_ method: PluginProtocol.Method, params: Value, timeout: Duration?) async -> Reply {
        do { return await call(method, paramsJSON: try RPCMessage.json(params), timeout: timeout) } catch {
            return .failed(.other(error))
        }
    }

    /// Sends a request whose params are JSON already (`WireObject.wireJSON()`).
    func call(_ method: PluginProtocol.Method, paramsJSON: [UInt8], timeout: Duration?) async -> Reply {
        var bytes: [UInt8] = []
        let id = state.withLock { state -> Int in
            defer { state.nextID += 1 }
            return state.nextID
        }
        RPCMessage.appendRequest(id: id, method: method.rawValue, paramsJSON: paramsJSON, to: &bytes)
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Reply, Never>) in
                let refused = state.withLock { state -> HostFailure? in
                    if let failure = state.failure { return failure }
                    var pending = Pending(method: method, continuation: continuation)
                    if let timeout {
                        pending.timer = Task { [self] in
                            guard (try? await Task.sleep(for: timeout)) != nil else { return }
                            timedOut(id, after: timeout)
                        }
                    }
                    state.pending[id] = pending
                    return nil
                }
                if let refused { return continuation.resume(returning: .failed(refused)) }
                transport.send(bytes)
            }
        } onCancel: {
            notifyCancel(id)
        }
    }

    /// Fails every call in flight, and every later call, with `failure`; closes the transport.
    func fail(_ failure: HostFailure) {
        let pending = state.withLock { state -> [Pending] in
            if state.failure == nil { state.failure = failure }
            defer { state.pending = [:] }
            return Array(state.pending.values)
        }
        for call in pending {
            call.timer?.cancel()
            call.continuation.resume(returning: .failed(failure))
        }
        transport.close()
    }

    /// Whether the connection broke (the plugin went away or broke the protocol): every
    /// call on it fails from now on.
    var hasFailed: Bool { state.withLock { $0.failure != nil || $0.problemReported } }

    /// Closes the outgoing direction (the plugin sees the end of its input).
    func closeOutput() { transport.close() }

    // MARK: Incoming

    private func receive(_ line: [UInt8]) {
        guard !line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) else { return }
        let message: RPCEnvelope<RawJSON>
        do { message = try RPCEnvelope.decode(line) } catch {
            return report(.garbage(line: line, error: error))
        }
        switch message {
        case .result(let id, let result): resolve(id, .result(result), line: line)
        case .error(let id?, let error): resolve(id, .rpcError(error), line: line)
        case .error(nil, let error):
            // The plugin could not read something we sent: nothing to match it with.
            report(.garbage(line: line, error: RPCError(code: error.code, message: "the plugin answered with an error "
                                                        + "for no request: \(error.message)")))
        case .request(_, let method, _), .notification(let method, _):
            report(.garbage(line: line, error: RPCError(code: RPCError.invalidRequest,
                                                        message: "the plugin sent a `\(method)` call; plugins only answer")))
        }
    }

    private func resolve(_ id: Int, _ reply: Reply, line: [UInt8]) {
        guard let call = state.withLock({ $0.pending.removeValue(forKey: id) }) else {
            // A reply after a timeout or cancel already answered the caller: nothing to do.
            return
        }
        call.timer?.cancel()
        call.continuation.resume(returning: reply)
    }

    private func timedOut(_ id: Int, after timeout: Duration) {
        guard let call = state.withLock({ $0.pending.removeValue(forKey: id) }) else { return }
        notifyCancel(id)
        call.continuation.resume(returning: .failed(.timedOut(timeout)))
    }

    private func notifyCancel(_ id: Int) {
        if let bytes = try? RPCMessage.notification(method: PluginProtocol.Method.cancel.rawValue,
                                                    params: ["id": .int(id)]).encoded() {
            transport.send(bytes)
        }
    }

    private func report(_ problem: Problem) {
        let first = state.withLock { state -> Bool in
            defer { state.problemReported = true }
            return !state.problemReported
        }
        if first { onProblem(self, problem) }
    }
}

extension Duration {
    /// `2s`, `0.5s`, for messages.
    var secondsText: String {
        let (seconds, attoseconds) = components
        let value = Double(seconds) + Double(attoseconds) / 1e18
        return value == value.rounded() ? "\(Int(value))s" : "\(value)s"
    }
}
