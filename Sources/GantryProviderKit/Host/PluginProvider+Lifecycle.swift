import GantryBasics

#if canImport(Glibc)
import Glibc
#endif

extension PluginProvider {
    /// Starts the plugin now unless it runs, and returns what it said about itself
    /// (`gantry providers` uses it to show versions).
    /// - Throws: `ProviderError` when it cannot be started or handshaken.
    public func start() async throws -> PluginHandshake { try await session().handshake }

    /// The running session, starting one (handshake, then the last configuration) when
    /// there is none. Concurrent callers share one start.
    func session() async throws(ProviderError) -> PluginSession {
        // A session whose plugin died is replaced now, not when the (asynchronous) clean-up
        // of its connection gets to it: the next call must reach a new process.
        if case .running(let session) = phase, session.connection.hasFailed {
            forget(generation: session.generation)
        }
        switch phase {
        case .running(let session): return session
        case .stopped:
            throw ProviderError(.fatal, "provider `\(name)` was already shut down", providerCode: "PluginStopped")
        case .starting(let task): return try await Self.value(of: task)
        case .idle:
            generation += 1
            let generation = generation, configuration = configuration
            let task = Task { try await self.launch(generation: generation, configuration: configuration) }
            phase = .starting(task)
            do {
                let session = try await Self.value(of: task)
                if case .starting = phase, self.generation == generation {
                    phase = .running(session)
                    handshake = session.handshake
                }
                return session
            } catch {
                if case .starting = phase, self.generation == generation { phase = .idle }
                throw error
            }
        }
    }

    private static func value(of task: Task<PluginSession, any Error>) async throws(ProviderError) -> PluginSession {
        do { return try await task.value } catch {
            throw (error as? ProviderError) ?? ProviderError(.fatal, String(describing: error))
        }
    }

    /// Starts the plugin, negotiates the protocol version and replays the configuration.
    private func launch(generation: Int, configuration: ConfigureRequest?) async throws -> PluginSession {
        let transport: any PluginTransport
        let process: PluginProcess?
        switch launcher {
        case .executable(let path):
            let prefix = "[provider \(name)] ", log = options.log
            let spawned = try PluginProcess.spawn(executable: path, environment: options.environment) { log(prefix + $0) }
            process = spawned
            transport = spawned.transport
        case .inProcess(let server):
            process = nil
            let (host, plugin) = InMemoryTransport.pair()
            Task.detached { await server.serve(on: plugin) }
            transport = host
        }
        let grace = options.shutdownGrace, name = name
        let connection = PluginConnection(transport: transport, name: name) { [weak self] connection, problem in
            Task {
                await Self.stopBroken(connection, process: process, problem: problem, provider: name, grace: grace)
                await self?.forget(generation: generation)
            }
        }
        connection.start()
        do {
            let handshake = try await initialize(connection)
            if let configuration {
                let reply = await connection.call(.configure, params: configuration.wireValue,
                                                  timeout: options.handshakeTimeout)
                if case .failed(let failure) = reply {
                    throw failure.error(provider: name, during: "configure", mutating: false)
                }
                if case .rpcError(let error) = reply { throw error.providerError }
            }
            return PluginSession(generation: generation, connection: connection, process: process, handshake: handshake,
                                 configuredWith: configuration)
        } catch {
            connection.fail(.other(ProviderError(.fatal, "the plugin failed to start")))
            if let process {
                process.send(signal: SIGKILL)
                _ = await process.exitStatus(within: .seconds(5))
            }
            throw error
        }
    }

    private func initialize(_ connection: PluginConnection) async throws(ProviderError) -> PluginHandshake {
        let offered = PluginProtocol.supportedVersions
        let params: Value = ["protocol_versions": .array(offered.map(Value.int)),
                             "gantry_version": .string(options.gantryVersion), "provider": .string(name)]
        let mine = offered.map(String.init).joined(separator: ", ")
        switch await connection.call(.initialize, params: params, timeout: options.handshakeTimeout) {
        case .failed(let failure):
            throw failure.error(provider: name, during: "the handshake (initialize) with \(location)", mutating: false)
        case .rpcError(let error) where error.code == RPCError.unsupportedVersion:
            let theirs = (error.data?["supported"]?.arrayValue ?? []).compactMap(\.intValue)
            let theirText = theirs.isEmpty ? "an unknown version" : theirs.map(String.init).joined(separator: ", ")
            throw ProviderError(
                .fatal, "plugin `\(name)` (\(location)) speaks protocol version \(theirText); this Gantry speaks \(mine)",
                providerCode: "UnsupportedProtocolVersion",
                detail: ["hint": .string("install a plugin built for protocol version \(mine), or a Gantry that speaks \(theirText)")])
        case .rpcError(let error):
            throw ProviderError(.fatal, "plugin `\(name)` (\(location)) refused the handshake: \(error.message)",
                                providerCode: "HandshakeFailed")
        case .result(let json):
            let handshake = try PluginHandshake(wireValue: try json.treeForErrors())
            guard offered.contains(handshake.protocolVersion) else {
                throw ProviderError(
                    .fatal, "plugin `\(name)` (\(location)) chose protocol version \(handshake.protocolVersion); "
                        + "this Gantry speaks \(mine)", providerCode: "UnsupportedProtocolVersion")
            }
            guard handshake.name == name else {
                throw ProviderError(.fatal, "plugin \(location) says it is provider `\(handshake.name)`, not `\(name)`",
                                    providerCode: "HandshakeFailed")
            }
            return handshake
        }
    }

    /// The plugin went away or broke the protocol: stop it and fail what was in flight
    /// with why (its exit status once known).
    private static func stopBroken(_ connection: PluginConnection, process: PluginProcess?,
                                   problem: PluginConnection.Problem, provider: String, grace: Duration) async {
        let failure: HostFailure
        switch problem {
        case .garbage(let line, let error):
            process?.send(signal: SIGKILL)
            failure = .garbage(line: line, problem: error.message)
        case .closed(let end):
            var status = await process?.exitStatus(within: grace)
            if status == nil, let process {
                process.send(signal: SIGKILL)
                status = await process.exitStatus(within: .seconds(5))
            }
            if case .endOfInput = end {
                failure = .exited(status)
            } else {
                failure = .other(ProviderError(.fatal, "plugin `\(provider)` was stopped because \(end)",
                                               providerCode: "PluginProtocolViolation"))
            }
        }
        connection.fail(failure)
    }

    /// Lets the next call start a new process after session `generation` broke.
    private func forget(generation: Int) {
        if case .running(let session) = phase, session.generation == generation {
            phase = .idle
            handshake = nil
        }
    }

    /// Stops the plugin: `shutdown` (it finishes what is in flight), then SIGTERM and
    /// SIGKILL after the grace period each. Later calls fail.
    public func shutdown() async {
        let current: PluginSession?
        switch phase {
        case .running(let s): current = s
        case .starting(let task): current = try? await task.value
        case .idle, .stopped: current = nil
        }
        phase = .stopped
        guard let current else { return }
        let grace = options.shutdownGrace
        _ = await current.connection.call(.shutdown, params: .object([:]), timeout: grace)
        current.connection.closeOutput()
        await current.process?.stop(grace: grace)
    }
}
