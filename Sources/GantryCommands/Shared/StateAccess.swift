import GantryBasics
import GantryState

/// Reading and editing the local state of a spec directory, for the `state` commands.
enum StateAccess {
    /// The state of `directory` with any journal replayed (nil when there is none yet);
    /// replay warnings go to stderr. Takes no lock: loading never writes.
    static func load(_ directory: String, in context: CommandContext) async throws -> StateDocument? {
        let store = LocalStateStore(directory: context.resolve(directory))
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
        let store = LocalStateStore(directory: context.resolve(directory))
        return try await StateLock.withLock(store, operation: operation, timeout: timeout) {
            guard let document = try await store.load() else {
                throw CommandError("there is no state in \(directory)/.gantry yet",
                                   hint: "run `gantry apply \(directory)` first, or pass the spec directory with -C")
            }
            let (changed, result) = try change(document)
            try await store.commit(changed.nextSerial())
            return result
        }
    }
}
