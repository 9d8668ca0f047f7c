import Foundation
import GantryBasics
import GantryEngine
import GantryProviderKit
import GantryRemoteState
import GantrySpec
import GantryState
import Synchronization

/// A loaded, valid spec and what commands build from it: the workspace under
/// `DIR/.gantry/`, the configured providers, the state store and the engine.
struct SpecSession: Sendable {
    let spec: Spec
    let workspace: Workspace
    /// Where the state lives (the spec's `state:` section or `GANTRY_STATE_URL`); the
    /// local files when nil.
    var stateBackend: StateBackendSelection? = nil
    /// Where a remote backend's warnings go.
    var errorOutput: (any TextOutput)? = nil
    /// The providers, started while the spec loaded; `providers()` takes them.
    var launch: ProviderLaunch? = nil

    /// Loads the spec at `path` (a directory or one file) with the user's variables.
    ///
    /// Warnings are printed on stderr and loading goes on; errors are printed, all of
    /// them, with their source lines, and loading stops with `ReportedFailure`.
    /// - Parameters:
    ///   - stateURL: `--state-url`, which overrides the spec's `state:` section.
    ///   - startingProviders: start the providers as soon as the spec's `providers:`
    ///     section is read (`ProviderLaunch`), for a command that will call `providers()`.
    static func load(_ path: String, variables: [String], variableFiles: [String], stateURL: String? = nil,
                     startingProviders: Bool = false, in context: CommandContext) async throws -> SpecSession {
        var loader = SpecLoader(variables: try SpecArguments.parseVariables(variables),
                                variableFiles: variableFiles.map(context.displayPath),
                                environment: context.environment)
        let launch = Mutex<ProviderLaunch?>(nil)
        if startingProviders {
            let workspace = Workspace(path: context.resolve(path))
            loader.onProviders = { blocks in
                launch.withLock { $0 = ProviderRegistry.launch(blocks, workspace: workspace) }
            }
        }
        let result = loader.load(path: context.displayPath(path))
        let started = launch.withLock { $0 }
        if !result.diagnostics.isEmpty {
            let renderer = DiagnosticRenderer(format: .text, sources: result.sources)
            context.errorOutput.write(renderer.render(result.diagnostics))
        }
        do {
            guard let spec = result.spec, !result.diagnostics.hasErrors else {
                throw ReportedFailure(summary: "the spec at \(path) has errors")
            }
            var session = try SpecSession(spec: spec, path: path, stateURL: stateURL, in: context)
            session.launch = started
            return session
        } catch {
            await started?.abandon()
            throw error
        }
    }

    /// The spec's providers, configured with their `providers:` blocks: the ones started
    /// while the spec loaded the first time, a new set after that.
    func providers() async throws -> [String: any Provider] {
        if let launched = try await launch?.take() { return launched }
        return try await ProviderRegistry.configuredProviders(for: spec.providers, workspace: workspace)
    }

    /// Runs `body` with the spec's providers and stops their plugins when it returns or
    /// throws — for callers that build providers again and again in one process (reconcile).
    func withProviders<T: Sendable>(_ body: ([String: any Provider]) async throws -> T) async throws -> T {
        let providers = try await providers()
        do {
            let result = try await body(providers)
            await ProviderRegistry.shutdown(providers)
            return result
        } catch {
            await ProviderRegistry.shutdown(providers)
            throw error
        }
    }

    /// The state backend: the spec's `state:` section or `GANTRY_STATE_URL`, else the
    /// local files in `DIR/.gantry/`.
    func stateStore() -> any TeamStateStore {
        guard let stateBackend else { return LocalStateStore(directory: workspace.directory) }
        let errors = errorOutput
        return stateBackend.backend.makeStore(workspace: workspace.directory, lease: stateBackend.lease,
                                              warn: { errors?.line("warning: \($0)") })
    }
}

extension SpecSession {
    /// A session for a spec already loaded from `path`: its workspace and state backend
    /// (`stateURL`, else `GANTRY_STATE_URL`, else the spec's `state:` section, else local).
    init(spec: Spec, path: String, stateURL: String?, in context: CommandContext) throws {
        let workspace = Workspace(path: context.resolve(path))
        let backend = try StateBackendSelection(override: stateURL, settings: spec.state, project: spec.project,
                                                workspace: workspace.directory, in: context)
        self.init(spec: spec, workspace: workspace, stateBackend: backend, errorOutput: context.errorOutput)
    }
}

extension CommandContext {
    /// How to name `path` to libraries whose messages the user reads: as typed when it
    /// means the same from this process, absolute otherwise (in-process tests).
    func displayPath(_ path: String) -> String {
        if path.hasPrefix("/") || workingDirectory == FileManager.default.currentDirectoryPath { return path }
        return resolve(path)
    }
}
