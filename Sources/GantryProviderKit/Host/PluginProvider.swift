import GantryBasics

/// A provider living in another process (or, for tests, behind an in-memory channel),
/// driven over the plugin protocol. It is a `Provider` like any other: the engine cannot
/// tell the difference.
///
/// The plugin is started on first use, handshaken (`initialize`, version negotiation) and
/// sent the last `configure`. If it dies, every call in flight fails — a create, update or
/// delete with "outcome unknown", never retried here — and the next call starts a fresh
/// process and configures it again. `shutdown()` stops it: `shutdown`, then SIGTERM, then
/// SIGKILL.
///
/// ```swift
/// let sim = PluginProvider(name: "sim", executable: "/usr/local/bin/gantry-provider-sim")
/// try await sim.configure(ConfigureRequest(config: [:], workingDirectory: dir))
/// let results = await sim.create(requests)
/// await sim.shutdown()
/// ```
public actor PluginProvider: Provider {
    public nonisolated let name: String
    /// The executable's path, or `in-process`.
    public nonisolated let location: String
    let launcher: PluginLauncher
    let options: PluginHostOptions

    enum Phase {
        case idle
        case starting(Task<PluginSession, any Error>)
        case running(PluginSession)
        case stopped
    }

    var phase = Phase.idle
    var generation = 0
    /// Replayed to every restarted process.
    var configuration: ConfigureRequest?
    private var schemaCache: (generation: Int, schema: ProviderSchema)?
    /// What the running plugin said about itself (nil until started).
    public internal(set) var handshake: PluginHandshake?

    /// A plugin executable, started on first use.
    public init(name: String, executable: String, options: PluginHostOptions = PluginHostOptions()) {
        self.name = name
        self.location = executable
        self.launcher = .executable(executable)
        self.options = options
    }

    /// A provider served in this process by `PluginServer` over an in-memory channel:
    /// every message is encoded and decoded as over pipes.
    public init(inProcess provider: any Provider, version: String = "0.1.0",
                options: PluginHostOptions = PluginHostOptions()) {
        self.name = provider.name
        self.location = "in-process"
        self.launcher = .inProcess(PluginServer(provider: provider, version: version))
        self.options = options
    }

    // MARK: Provider

    /// Asked once per plugin process: a schema does not change while the process lives.
    public func schema() async throws -> ProviderSchema {
        let session = try await session()
        if let cached = schemaCache, cached.generation == session.generation { return cached.schema }
        let schema = try ProviderSchema(wireValue: try await invoke(.schema, params: .object([:]), what: "schema")
            .treeForErrors())
        schemaCache = (session.generation, schema)
        return schema
    }

    public func configure(_ request: ConfigureRequest) async throws {
        configuration = request
        // A plugin started now gets it during its start; one already running (or started
        // with an older configuration) is sent it.
        let session = try await session()
        if session.configuredWith != request {
            _ = try await invoke(.configure, params: request.wireValue, what: "configure")
        }
    }

    // The big messages are encoded and decoded outside the actor (`nonisolated`), so a
    // `lower` and the reads running beside it use both cores instead of queueing on it.

    public nonisolated func lower(_ request: LowerRequest) async throws -> LowerResponse {
        try LowerResponse(wire: try await invoke(.lower, paramsJSON: try request.wireJSON(),
                                                 what: "lower of \(request.items.count) item(s)"))
            .restored(for: request)
    }

    public nonisolated func plan(_ requests: [PlanRequest]) async throws -> [PlanResponse] {
        let reply = try await invoke(.plan, paramsJSON: try requests.wireJSON(under: "requests"),
                                     what: "plan of \(Self.describe(requests.map(\.address)))")
        let responses = try [PlanResponse](wire: reply, under: "responses", what: "plan result")
        guard responses.count == requests.count else {
            throw Self.countMismatch("plan", got: responses.count, sent: requests.count)
        }
        return responses
    }

    public nonisolated func create(_ requests: [CreateRequest]) async -> [OperationResult] {
        await mutate(.create, requests, addresses: requests.map(\.address))
    }

    public nonisolated func update(_ requests: [UpdateRequest]) async -> [OperationResult] {
        await mutate(.update, requests, addresses: requests.map(\.address))
    }

    public nonisolated func delete(_ requests: [DeleteRequest]) async -> [OperationResult] {
        await mutate(.delete, requests, addresses: requests.map(\.address))
    }

    public nonisolated func read(_ request: ReadRequest) async throws -> [ReadResult] {
        let reply = try await invoke(.read, paramsJSON: try request.wireJSON(),
                                     what: "read of \(request.items.count) \(request.type) resource(s)")
        let results = try [ReadResult](wire: reply, under: "results", what: "read result")
        guard results.count == request.items.count else {
            throw Self.countMismatch("read", got: results.count, sent: request.items.count)
        }
        return results
    }

    public func list(_ request: ListRequest) async throws -> [ResourceSnapshot] {
        let reply = try await invoke(.list, params: request.wireValue, what: "list of \(request.type) resources")
        return try WireFields(try reply.treeForErrors(), what: "list result").list("resources") { v throws(ProviderError) in
            try ResourceSnapshot(wireValue: v)
        }
    }

    // MARK: Calls

    /// One request on the current session; a host failure becomes a `ProviderError`
    /// describing `what`.
    private func invoke(_ method: PluginProtocol.Method, params: Value, what: String) async throws(ProviderError)
        -> RawJSON
    {
        try await invoke(method, paramsJSON: try RPCMessage.json(params), what: what)
    }

    /// One request whose params are JSON already (the big messages; see `WireObject`).
    private func invoke(_ method: PluginProtocol.Method, paramsJSON: [UInt8], what: String)
        async throws(ProviderError) -> RawJSON
    {
        let session = try await session()
        return try Self.unwrap(await session.connection.call(method, paramsJSON: paramsJSON,
                                                             timeout: options.callTimeout),
                               provider: name, what: what, mutating: false)
    }

    private static func unwrap(_ reply: PluginConnection.Reply, provider: String, what: String,
                               mutating: Bool) throws(ProviderError) -> RawJSON {
        switch reply {
        case .result(let json): return json
        case .rpcError(let error): throw error.providerError
        case .failed(let failure): throw failure.error(provider: provider, during: what, mutating: mutating)
        }
    }

    /// A create, update or delete batch: every request gets a result, in order. When the
    /// plugin fails as a whole, each request's failure names its own address.
    private nonisolated func mutate(_ method: PluginProtocol.Method, _ requests: [some WireObject],
                        addresses: [ResourceAddress]) async -> [OperationResult] {
        guard !requests.isEmpty else { return [] }
        let reply: PluginConnection.Reply
        do {
            let params = try requests.wireJSON(under: "requests")
            let session = try await session()
            reply = await session.connection.call(method, paramsJSON: params, timeout: options.callTimeout)
        } catch {
            return addresses.map { .failure($0, Self.addressed(error, $0)) }
        }
        switch reply {
        case .result(let json):
            do throws(ProviderError) {
                let results = try [OperationResult](wire: json, under: "results", what: "\(method.rawValue) result")
                guard results.count == addresses.count else {
                    throw Self.countMismatch(method.rawValue, got: results.count, sent: addresses.count)
                }
                return results
            } catch {
                var unknown = error
                unknown.message += "; the outcome of each \(method.rawValue) is unknown"
                return addresses.map { .failure($0, Self.addressed(unknown, $0)) }
            }
        case .rpcError(let error):
            return addresses.map { .failure($0, Self.addressed(error.providerError, $0)) }
        case .failed(let failure):
            return addresses.map { address in
                .failure(address, Self.addressed(
                    failure.error(provider: name, during: "\(method.rawValue) of \(address)", mutating: true), address))
            }
        }
    }

    private static func addressed(_ error: any Error, _ address: ResourceAddress) -> ProviderError {
        var e = (error as? ProviderError) ?? ProviderError(.fatal, String(describing: error))
        if e.address == nil { e.address = address }
        return e
    }

    private static func countMismatch(_ method: String, got: Int, sent: Int) -> ProviderError {
        ProviderError(.fatal, "the plugin answered \(method) with \(got) result(s) for \(sent) request(s)",
                      providerCode: "PluginProtocolViolation")
    }

    /// `a.b.c`, or `3 resources (a, b, …)`.
    static func describe(_ addresses: [ResourceAddress]) -> String {
        if addresses.count == 1, let only = addresses.first { return only.rawValue }
        let shown = addresses.prefix(3).map(\.rawValue).joined(separator: ", ")
        return "\(addresses.count) resources (\(shown)\(addresses.count > 3 ? ", …" : ""))"
    }
}
