import GantryRemoteState
import GantryState

/// `gantry state migrate --to URL`: move the state to another backend.
struct StateMigrate: GantryCommand {
    static let to = Option<String>("to", valueName: "url",
                                   help: "The backend to move the state to: postgres://…, s3://BUCKET/KEY or a directory.")

    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "migrate",
            abstract: "Copy the state to another backend, keeping its serial and lineage.",
            discussion: """
                Both states are locked while copying. Refused when the target already holds
                different state; a target that holds the same state is left as it is. Afterwards
                point the spec's state: section at the new backend.

                EXAMPLES:
                  gantry state migrate --to postgres://gantry@db:5432/infra -C infra/
                """,
            arguments: [to.definition, StateCommand.directory.definition, StateBackendSelection.urlOption.definition,
                        StateLock.timeoutOption.definition])
    }

    var target: String
    var directory: String
    var stateURL: String?
    var lockTimeout: Double

    init(arguments: ParsedArguments) throws {
        guard let target = try arguments.value(Self.to) else { throw UsageError("missing --to URL.") }
        self.target = target
        directory = try arguments.value(StateCommand.directory) ?? "."
        stateURL = try arguments.value(StateBackendSelection.urlOption)
        lockTimeout = try arguments.value(StateLock.timeoutOption) ?? 0
    }

    func run(in context: CommandContext) async throws -> ExitCode {
        let source = try StateAccess.store(directory, url: stateURL, in: context)
        let destination = try StateAccess.store(directory, url: target, in: context)
        guard source.backendDescription != destination.backendDescription else {
            throw CommandError("the state is already in \(destination.backendDescription)")
        }
        let timeout = lockTimeout
        let moved = try await StateLock.withLock(source, operation: "state migrate", timeout: timeout) { () async throws -> (StateDocument, Bool)? in
            guard let document = try await source.load() else { return nil }
            return try await StateLock.withLock(destination, operation: "state migrate", timeout: timeout) { () async throws -> (StateDocument, Bool)? in
                if let existing = try await destination.load() {
                    guard existing == document else {
                        throw CommandError(
                            "\(destination.backendDescription) already holds different state (lineage \(existing.lineage), serial \(existing.serial))",
                            hint: "migrate to an empty location, or remove that state first")
                    }
                    return (document, false)
                }
                try await destination.commit(document)
                return (document, true)
            }
        }
        guard let (moved, copied) = moved else {
            throw CommandError("there is no state in \(source.backendDescription) to migrate")
        }
        guard copied else {
            context.output.line("\(destination.backendDescription) already holds this state (serial \(moved.serial)); nothing to copy.")
            return .success
        }
        context.output.line("Migrated serial \(moved.serial) (\(moved.resources.count) resources) from "
                            + "\(source.backendDescription) to \(destination.backendDescription).")
        context.output.line("Point the spec's state: section (or GANTRY_STATE_URL) at the new backend.")
        return .success
    }
}
