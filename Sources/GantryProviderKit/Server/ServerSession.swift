import GantryBasics
import Synchronization

/// One connection served by `PluginServer`: the handshake state, the tasks in flight and
/// when to stop. Lines arrive on the transport's thread; each request runs as a task.
final class ServerSession: Sendable {
    private enum Phase { case awaitingInitialize, ready, shuttingDown }

    private struct State {
        var phase = Phase.awaitingInitialize
        var inFlight: [Int: Task<Void, Never>] = [:]
        var inputClosed = false
        /// The `shutdown` request to answer once nothing is in flight.
        var shutdownID: Int?
        var finished: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())
    private let server: PluginServer
    private let dispatcher: ProviderDispatcher
    private let transport: any PluginTransport

    init(server: PluginServer, transport: any PluginTransport) {
        self.server = server
        self.dispatcher = ProviderDispatcher(provider: server.provider)
        self.transport = transport
    }

    func start(whenFinished done: CheckedContinuation<Void, Never>) {
        state.withLock { $0.finished = done }
        transport.start { [self] event in
            switch event {
            case .line(let line): receive(line)
            case .closed:
                state.withLock { $0.inputClosed = true }
                finishIfIdle()
            }
        }
    }

    private func send(_ message: RPCMessage) {
        do {
            transport.send(try message.encoded())
        } catch {
            // An answer that cannot be encoded (a NaN in an attribute) still gets an answer.
            if case .result(let id, _) = message, let fallback = try? RPCMessage.error(id: id, RPCError(error)).encoded() {
                transport.send(fallback)
            }
        }
    }

    private func receive(_ line: [UInt8]) {
        guard !line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) else { return }  // blank lines are allowed
        let message: RPCEnvelope<RawJSON>
        do { message = try RPCEnvelope.decode(line) } catch {
            send(.error(id: error.id, error))
            return
        }
        switch message {
        case .request(let id, let name, let params): request(id: id, name: name, params: params)
        case .notification(let name, let params):
            if name == PluginProtocol.Method.cancel.rawValue, let id = (try? params.value())?["id"]?.intValue {
                state.withLock { $0.inFlight[id] }?.cancel()
            }
        case .result, .error:
            break  // the host sends no responses; nothing to match them with
        }
    }

    private func request(id: Int, name: String, params: RawJSON) {
        guard let method = PluginProtocol.Method(rawValue: name), method != .cancel else {
            let known = PluginProtocol.Method.allCases.map(\.rawValue)
            let hint = EditDistance.hint(for: name, among: known).map { "; \($0)" } ?? ""
            return send(.error(id: id, RPCError(code: RPCError.methodNotFound, message: "unknown method `\(name)`\(hint)")))
        }
        switch method {
        case .initialize: return initialize(id: id, params: params)
        case .shutdown:
            state.withLock { state in
                state.phase = .shuttingDown
                state.shutdownID = id
            }
            return finishIfIdle()
        default: break
        }
        let phase = state.withLock { $0.phase }
        guard phase == .ready else {
            let why = phase == .shuttingDown ? "the plugin is shutting down" : "call `initialize` first"
            return send(.error(id: id, RPCError(code: RPCError.notInitialized, message: "`\(name)` refused: \(why)")))
        }
        // Created under the lock, so the task's own removal always comes after its insertion.
        state.withLock { state in
            state.inFlight[id] = Task { [self] in
                do throws(RPCError) {
                    let result = try await dispatcher.handle(method, params: params)
                    var line: [UInt8] = []
                    RPCMessage.appendResult(id: id, resultJSON: result, to: &line)
                    transport.send(line)
                } catch {
                    send(Task.isCancelled
                        ? .error(id: id, RPCError(code: RPCError.cancelled, message: "`\(name)` was cancelled"))
                        : .error(id: id, error))
                }
                self.state.withLock { _ = $0.inFlight.removeValue(forKey: id) }
                finishIfIdle()
            }
        }
    }

    /// Picks the newest version both sides speak, or refuses naming both sides' versions.
    private func initialize(id: Int, params: RawJSON) {
        let offered = ((try? params.value())?["protocol_versions"]?.arrayValue ?? []).compactMap(\.intValue)
        guard let chosen = PluginProtocol.supportedVersions.first(where: offered.contains) else {
            let mine = PluginProtocol.supportedVersions.map(String.init).joined(separator: ", ")
            let theirs = offered.isEmpty ? "none" : offered.map(String.init).joined(separator: ", ")
            return send(.error(id: id, RPCError(
                code: RPCError.unsupportedVersion,
                message: "provider `\(server.provider.name)` speaks protocol version \(mine); Gantry offered \(theirs)",
                data: ["supported": .array(PluginProtocol.supportedVersions.map(Value.int))])))
        }
        state.withLock { $0.phase = .ready }
        let handshake = PluginHandshake(protocolVersion: chosen, name: server.provider.name, version: server.version)
        send(.result(id: id, result: handshake.wireValue))
    }

    private func finishIfIdle() {
        let (shutdownID, done) = state.withLock { state -> (Int?, CheckedContinuation<Void, Never>?) in
            guard state.inFlight.isEmpty, state.inputClosed || state.shutdownID != nil,
                  let done = state.finished else { return (nil, nil) }
            state.finished = nil
            return (state.shutdownID, done)
        }
        guard let done else { return }
        if let shutdownID { send(.result(id: shutdownID, result: .object([:]))) }
        transport.close()
        done.resume()
    }
}
