import Foundation
import GantryBasics
import GantryProviderKit
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The embedded, deterministic GPU-cloud simulator: Gantry's default provider.
///
/// Its cloud lives under `<working directory>/.gantry/sim/`, so separate runs see the
/// same world. Configure it with the `providers.sim` block (see `SimConfig`) before use:
///
/// ```swift
/// let sim = SimProvider()
/// try await sim.configure(ConfigureRequest(config: ["seed": 7], workingDirectory: dir))
/// let results = await sim.create([CreateRequest(address: a, type: "sim_data", attributes: [:], intentToken: t)])
/// ```
public final class SimProvider: Provider {
    public let name = "sim"

    private struct Configured: Sendable {
        let config: SimConfig
        let world: SimWorldCore
        let directory: String
    }

    private let configured = Mutex<Configured?>(nil)
    private let random = Mutex(SimRandom(seed: 0))
    private let mutatingCalls = Mutex(0)

    public init() {}

    /// A provider configured at once, for tests and tools.
    public convenience init(workingDirectory: String, config: [String: Value] = [:]) throws {
        self.init()
        try apply(ConfigureRequest(config: config, workingDirectory: workingDirectory))
    }

    /// The world's folder for a working directory.
    public static func worldDirectory(workingDirectory: String) -> String {
        (workingDirectory.isEmpty ? "." : workingDirectory) + "/.gantry/sim"
    }

    public func schema() async throws -> ProviderSchema { SimTypes.schema }

    public func configure(_ request: ConfigureRequest) async throws { try apply(request) }

    private func apply(_ request: ConfigureRequest) throws {
        let config = try SimConfig.parse(request.config)
        let directory = Self.worldDirectory(workingDirectory: request.workingDirectory)
        configured.withLock { current in
            // Reconfiguring on the same directory keeps the open world (and its position in the log).
            let world = current.flatMap { $0.directory == directory && $0.config.fsync == config.fsync ? $0.world : nil }
                ?? SimWorldCore(directory: directory, fsync: config.fsync)
            current = Configured(config: config, world: world, directory: directory)
            world.warm(ifPresentAt: directory)
        }
        random.withLock { $0 = SimRandom(seed: config.seed) }
    }

    private func current() throws(ProviderError) -> Configured {
        guard let c = configured.withLock({ $0 }) else {
            throw ProviderError(.fatal, SimError(.notConfigured).description, providerCode: "NotConfigured")
        }
        return c
    }

    private func cloud(_ config: SimConfig) -> SimCloud {
        SimCloud(config: config, chance: { [self] rate in self.random.withLock { $0.chance(rate) } })
    }

    /// Plans each resource; node groups also get a capacity and quota forecast from the
    /// current world (a note where they should land, a warning when they cannot).
    public func plan(_ requests: [PlanRequest]) async throws -> [PlanResponse] {
        var responses = requests.map(SimPlanner.plan)
        let groups = requests.indices.filter { requests[$0].type == SimTypes.nodeGroup }
        guard !groups.isEmpty, let c = try? current() else { return responses }
        let cloud = SimCloud(config: c.config, chance: { _ in false })
        let forecasts = try? await c.world.transact { t in groups.map { cloud.forecast(requests[$0], state: t.state) } }
        for (index, diagnostics) in zip(groups, forecasts ?? []) { responses[index].diagnostics += diagnostics }
        return responses
    }

    public func lower(_ request: LowerRequest) async throws -> LowerResponse {
        let config = (try? current().config) ?? SimConfig()
        return SimLowering(config: config).lower(request)
    }

    // MARK: Mutating calls

    public func create(_ requests: [CreateRequest]) async -> [OperationResult] {
        await mutate(requests.map(\.address)) { cloud, t in requests.map { cloud.create($0, in: &t) } }
    }

    public func update(_ requests: [UpdateRequest]) async -> [OperationResult] {
        await mutate(requests.map(\.address)) { cloud, t in requests.map { cloud.update($0, in: &t) } }
    }

    public func delete(_ requests: [DeleteRequest]) async -> [OperationResult] {
        await mutate(requests.map(\.address)) { cloud, t in requests.map { cloud.delete($0, in: &t) } }
    }

    /// One API call that changes the world: latency, injected faults, then the batch in one
    /// durable transaction.
    private func mutate(_ addresses: [ResourceAddress],
                        _ body: @escaping @Sendable (SimCloud, inout SimTransaction) -> [OperationResult]) async
        -> [OperationResult]
    {
        guard !addresses.isEmpty else { return [] }
        func failAll(_ error: ProviderError) -> [OperationResult] {
            addresses.map { address in
                var e = error
                e.address = address
                return .failure(address, e)
            }
        }
        let c: Configured
        do {
            c = try current()
        } catch {
            return failAll(error)
        }
        let fault = await preamble(c.config)
        if fault == .throttled { return failAll(Self.throttled) }
        let cloud = cloud(c.config)
        let results: [OperationResult]
        do {
            results = try await c.world.transact { t in body(cloud, &t) }
        } catch {
            return failAll(ProviderError(.fatal, "the simulated cloud could not record the change: \(error)",
                                         providerCode: "WorldUnwritable"))
        }
        if let limit = c.config.crashAfterCalls {
            let count = mutatingCalls.withLock { n -> Int in
                n += 1
                return n
            }
            if count >= limit {
                // Simulates the provider process dying mid-apply: the change is durable,
                // but nobody hears about it. 137 is what a shell reports for SIGKILL.
                FileHandle.standardError.write(Data("sim: crash_after_calls=\(limit) reached; exiting\n".utf8))
                _exit(137)
            }
        }
        // A timeout hides the outcome: the change was made, the caller cannot know.
        if fault == .timeout { return failAll(Self.timedOut) }
        return results
    }

    // MARK: Reads

    public func read(_ request: ReadRequest) async throws -> [ReadResult] {
        guard !request.items.isEmpty else { return [] }
        let c = try current()
        try await checkFault(c.config)
        let cloud = cloud(c.config)
        return try await transactRead(c) { t in cloud.read(request, in: t) }
    }

    public func list(_ request: ListRequest) async throws -> [ResourceSnapshot] {
        let c = try current()
        try await checkFault(c.config)
        let cloud = cloud(c.config)
        return try await transactRead(c) { t in cloud.list(request, in: t) }
    }

    private func checkFault(_ config: SimConfig) async throws {
        switch await preamble(config) {
        case .throttled: throw Self.throttled
        case .timeout: throw Self.timedOut
        case nil: return
        }
    }

    private func transactRead<T: Sendable>(_ c: Configured, _ body: @escaping @Sendable (SimTransaction) -> T) async throws -> T {
        do {
            return try await c.world.transact { t in body(t) }
        } catch {
            throw ProviderError(.fatal, "the simulated cloud could not be read: \(error)", providerCode: "WorldUnreadable")
        }
    }

    // MARK: Faults and latency

    private enum Fault { case throttled, timeout }

    private static let throttled = ProviderError(.throttled, "rate exceeded (injected by throttle_rate)",
                                                 providerCode: "Throttling", detail: ["retry_after_ms": 100])
    private static let timedOut = ProviderError(.timeout, "the call timed out (injected by timeout_rate); "
                                                    + "its outcome is unknown", providerCode: "RequestTimeout")

    /// Sleeps the configured latency, then draws the call's fault. The draws happen in a
    /// fixed order (jitter, throttle, timeout) so a seed reproduces a run.
    private func preamble(_ config: SimConfig) async -> Fault? {
        let (delayMs, fault) = random.withLock { rng -> (Double, Fault?) in
            var delay = config.latencyMeanMs
            if config.latencyJitterMs > 0 { delay += (rng.unit() * 2 - 1) * config.latencyJitterMs }
            if rng.chance(config.throttleRate) { return (delay, .throttled) }
            if rng.chance(config.timeoutRate) { return (delay, .timeout) }
            return (delay, nil)
        }
        if delayMs > 0 {
            // A cancelled caller (Ctrl-C) lets in-flight calls finish: the request is already
            // "on the wire", so cancellation cuts the wait short instead of failing the call.
            try? await Task.sleep(nanoseconds: UInt64(delayMs * 1_000_000))
        }
        return fault
    }
}
