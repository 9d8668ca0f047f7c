import AWSProvider
import Foundation
import GantryBasics
import GantryProviderKit
import AWSProvider
import SimProvider
import Synchronization

/// Builds the providers a spec names: each one a plugin process found by
/// `PluginDiscovery` (`.gantry/plugins/`, `GANTRY_PLUGIN_PATH`, next to `gantry`, `PATH`),
/// one process per provider configuration. A long-lived caller (the reconcile loop) stops
/// the plugins of each run with `shutdown(_:)`; what is left is stopped by `shutdownAll()`
/// before exit.
///
/// `GANTRY_IN_PROCESS_PROVIDERS=1` runs the built-in providers inside `gantry` instead (for
/// debugging with one process); a built-in provider whose plugin is not installed also
/// runs in process. `GANTRY_PLUGIN_TIMEOUT` bounds each call (`30s`, `10m`).
enum ProviderRegistry {
    /// Providers compiled into `gantry`, usable without their plugin.
    static let builtIn: [String: @Sendable () -> any Provider] = ["sim": { SimProvider() }, "aws": { AWSProvider() }]

    /// Plugins started by this process, stopped at exit.
    private static let started = Mutex<[PluginProvider]>([])
    /// Provider sets started ahead of need; those never taken are stopped at exit.
    private static let launches = Mutex<[ProviderLaunch]>([])

    /// Whether built-in providers should run inside this process.
    static func inProcess(_ environment: [String: String]) -> Bool {
        ["1", "true", "yes"].contains(environment["GANTRY_IN_PROCESS_PROVIDERS"]?.lowercased() ?? "")
    }

    /// One configured provider per entry of the spec's `providers:` section.
    ///
    /// - Throws: `CommandError` naming a provider with no plugin (and where it looked), a
    ///   plugin that cannot be started, or the provider's own configuration error.
    static func configuredProviders(for blocks: [String: [String: Value]], workspace: Workspace) async throws
        -> [String: any Provider]
    {
        let environment = ProcessInfo.processInfo.environment
        var options = PluginHostOptions(environment: environment, gantryVersion: Gantry.version,
                                        log: { line in FileHandle.standardError.write(Data((line + "\n").utf8)) })
        do { try options.readTimeouts(from: environment) } catch {
            throw CommandError(error.message, hint: "write a duration such as 30s or 10m")
        }
        let discovery = PluginDiscovery(projectDirectory: workspace.directory, environment: environment,
                                        executableDirectory: PluginDiscovery.runningExecutableDirectory())
        var providers: [String: any Provider] = [:]
        for (name, config) in blocks.sorted(by: { $0.key < $1.key }) {
            do {
                let provider = try makeProvider(name, discovery: discovery, options: options, environment: environment)
                providers[name] = provider
                try await provider.configure(ConfigureRequest(config: config, workingDirectory: workspace.directory))
            } catch {
                // The plugins already started would otherwise live until the process exits —
                // one set per failed run in a long-lived reconcile loop.
                await shutdown(providers)
                throw configurationFailure(name, error)
            }
        }
        return providers
    }

    /// Starts configuring `blocks` in the background; see `ProviderLaunch`.
    static func launch(_ blocks: [String: [String: Value]], workspace: Workspace) -> ProviderLaunch {
        let launch = ProviderLaunch(blocks: blocks, workspace: workspace)
        launches.withLock { $0.append(launch) }
        return launch
    }

    private static func configurationFailure(_ name: String, _ error: any Error) -> any Error {
        switch error {
        case let error as CommandError: return error
        case let error as ProviderError where error.isPluginFailure:
            return CommandError("provider '\(name)' could not be started: \(error.message)",
                                hint: error.detail["hint"]?.stringValue)
        default:
            return CommandError("provider '\(name)' rejected its configuration: \(ErrorPresenter.describe(error))",
                                hint: "check the providers.\(name) block of the spec")
        }
    }

    private static func makeProvider(_ name: String, discovery: PluginDiscovery, options: PluginHostOptions,
                                     environment: [String: String]) throws -> any Provider {
        if inProcess(environment), let make = builtIn[name] { return make() }
        if let plugin = discovery.find(name) {
            let provider = PluginProvider(name: name, executable: plugin.path, options: options)
            started.withLock { $0.append(provider) }
            return provider
        }
        if let make = builtIn[name] { return make() }
        let known = Set(discovery.all().map(\.name)).union(builtIn.keys).sorted()
        let suggestion = EditDistance.hint(for: name, among: known).map { "; \($0)" } ?? ""
        throw CommandError(
            "no plugin for provider '\(name)': \(PluginProtocol.executablePrefix)\(name) is not in "
                + discovery.directories.map(\.path).joined(separator: ", ") + suggestion,
            hint: "install it in the project's .gantry/plugins/ or a directory on GANTRY_PLUGIN_PATH; "
                + "`gantry providers` lists what is found")
    }

    /// Stops the plugins among `providers` (in-process ones need nothing) and forgets them.
    ///
    /// Each plugin holds a child process and four threads (reader, writer, stderr, waitpid)
    /// until it is stopped: a caller that builds providers more than once per process must
    /// call this when it is done with them.
    static func shutdown(_ providers: [String: any Provider]) async {
        let plugins = providers.values.compactMap { $0 as? PluginProvider }
        guard !plugins.isEmpty else { return }
        started.withLock { list in list.removeAll { started in plugins.contains { $0 === started } } }
        await withTaskGroup(of: Void.self) { group in
            for plugin in plugins { group.addTask { await plugin.shutdown() } }
        }
    }

    /// Stops every plugin this process started (`shutdown`, then SIGTERM/SIGKILL after a
    /// grace period). Called once before the process exits.
    static func shutdownAll() async {
        let pending = launches.withLock { list -> [ProviderLaunch] in
            defer { list = [] }
            return list
        }
        for launch in pending { await launch.abandon() }
        let providers = started.withLock { list -> [PluginProvider] in
            defer { list = [] }
            return list
        }
        await withTaskGroup(of: Void.self) { group in
            for provider in providers { group.addTask { await provider.shutdown() } }
        }
    }
}

extension ProviderError {
    /// A failure of the plugin machinery itself rather than of the provider's logic.
    var isPluginFailure: Bool {
        ["UnsupportedProtocolVersion", "HandshakeFailed", "PluginExited", "PluginTimeout", "PluginProtocolViolation",
         "PluginSpawnFailed", "PluginStopped"].contains(providerCode ?? "")
    }
}
