import Foundation
import GantryBasics
import GantryRemoteState
import GantrySpec
import GantryState

/// Reading and editing the state of a spec directory, for the `state` commands — in the
/// backend the spec's `state:` section names (or `--state-url` / `GANTRY_STATE_URL`).
enum StateAccess {
    /// The store for the spec in `directory`: `url` when given, else `GANTRY_STATE_URL`,
    /// else the spec's `state:` section, else the local files. A spec with errors is
    /// reported and stops the command: guessing the backend could show the wrong state.
    static func store(_ directory: String, url: String? = nil, in context: CommandContext) throws -> any TeamStateStore {
        try selection(directory, url: url, in: context).store(in: context)
    }

    static func selection(_ directory: String, url: String?, in context: CommandContext) throws -> StateBackendSelection {
        let absolute = context.resolve(directory)
        let override = url ?? context.environment["GANTRY_STATE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        var settings: StateSettings?
        var project = URL(fileURLWithPath: absolute).lastPathComponent
        if override == nil, hasSpecFiles(absolute) {
            let result = SpecLoader(environment: context.environment).load(path: context.displayPath(directory))
            guard let spec = result.spec else {
                context.errorOutput.write(DiagnosticRenderer(format: .text, sources: result.sources).render(result.diagnostics))
                throw ReportedFailure(summary: "the spec at \(directory) has errors, so its state backend is unknown")
            }
            settings = spec.state
            project = spec.project
        } else if override != nil, hasSpecFiles(absolute),
                  let spec = SpecLoader(environment: context.environment).load(path: context.displayPath(directory)).spec {
            project = spec.project
        }
        return try StateBackendSelection(override: url, settings: settings, project: project, workspace: absolute,
                                         in: context)
    }

    /// The state of `directory` with any journal replayed (nil when there is none yet);
    /// replay warnings go to stderr. Takes no lock: loading never writes.
    static func load(_ directory: String, in context: CommandContext) async throws -> StateDocument? {
        let store = try store(directory, in: context)
        let report = try await store.loadReport()
        if !report.warnings.isEmpty {
            context.errorOutput.write(DiagnosticRenderer(format: .text).render(report.warnings))
        }
        return report.document
    }

    /// Under the state lock: loads, lets `change` produce the new document, commits it
    /// with the next serial, and returns what `change` reported.
    ///
    /// - Throws: `CommandError` when there is no state yet; `StateError` from `change`
    ///   (not found with a suggestion, already exists) or from the lock (exit 3).
    static func modify<T: Sendable>(_ directory: String, operation: String, timeout: Double, in context: CommandContext,
                                    _ change: @Sendable (StateDocument) throws -> (StateDocument, T)) async throws -> T {
        let store = try store(directory, in: context)
        return try await StateLock.withLock(store, operation: operation, timeout: timeout) {
            guard let document = try await store.load() else {
                throw CommandError("there is no state in \(store.backendDescription) yet",
                                   hint: "run `gantry apply \(directory)` first, or pass the spec directory with -C")
            }
            let (changed, result) = try change(document)
            try await store.commit(changed.nextSerial())
            return result
        }
    }

    private static func hasSpecFiles(_ directory: String) -> Bool {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.contains { !$0.hasPrefix(".") && ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) }
    }
}
