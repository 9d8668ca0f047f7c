import Foundation
import GantryRemoteState
import GantryState

/// `gantry state push FILE`: replace the backend's state with a document, checked.
struct StatePush: GantryCommand {
    static let file = Positional<String>("file", help: "A state document (from `state pull`, or an emergency copy).")
    static let force = Flag("force", help: "Push even a document of another lineage or an older serial.")

    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "push",
            abstract: "Write a state document to the backend, refusing older or foreign state.",
            discussion: """
                The document must have the backend's lineage and a higher serial. --force
                writes it anyway, as the next serial (the previous ones stay in history).
                Use it to restore an emergency copy (.gantry/emergency-state-N.json) once the
                backend is reachable again.

                EXAMPLES:
                  gantry state push .gantry/emergency-state-8.json -C infra/
                  gantry state push old.json --force -C infra/
                """,
            arguments: [file.definition, force.definition, StateCommand.directory.definition,
                        StateBackendSelection.urlOption.definition, StateLock.timeoutOption.definition])
    }

    var file: String
    var force: Bool
    var directory: String
    var stateURL: String?
    var lockTimeout: Double

    init(arguments: ParsedArguments) throws {
        file = try arguments.required(Self.file)
        force = try arguments.flag(Self.force)
        directory = try arguments.value(StateCommand.directory) ?? "."
        stateURL = try arguments.value(StateBackendSelection.urlOption)
        lockTimeout = try arguments.value(StateLock.timeoutOption) ?? 0
    }

    func run(in context: CommandContext) async throws -> ExitCode {
        let path = context.resolve(file)
        guard let data = FileManager.default.contents(atPath: path) else { throw CommandError("cannot read \(file)") }
        let document = try StateDocument(file: Array(data), named: file)
        let store = try StateAccess.store(directory, url: stateURL, in: context)
        let force = force
        let serial = try await StateLock.withLock(store, operation: "state push", timeout: lockTimeout) { () async throws -> Int in
            let current = try await store.load()
            if force {
                try await store.replace(document)
                return max(document.serial, (current?.serial ?? 0) + 1)
            }
            try await store.commit(document)
            return document.serial
        }
        context.output.line("Pushed \(file) to \(store.backendDescription) as serial \(serial).")
        return .success
    }
}
