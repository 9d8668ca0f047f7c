import Foundation
import GantryRemoteState
import GantryState

/// `gantry state history`: every kept serial, when and by whom it was written.
struct StateHistory: GantryCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "history",
            abstract: "List the kept serials of the state with when and by whom each was written.",
            discussion: """
                The postgres backend keeps every serial; the local backend keeps the last few
                as backups and records no writer.

                EXAMPLES:
                  gantry state history -C infra/
                  gantry state history --state-url postgres://gantry@db/infra
                """,
            arguments: [StateCommand.directory.definition, StateBackendSelection.urlOption.definition])
    }

    var directory: String
    var stateURL: String?

    init(arguments: ParsedArguments) throws {
        directory = try arguments.value(StateCommand.directory) ?? "."
        stateURL = try arguments.value(StateBackendSelection.urlOption)
    }

    func run(in context: CommandContext) async throws -> ExitCode {
        let store = try StateAccess.store(directory, url: stateURL, in: context)
        let revisions = try await store.history()
        guard !revisions.isEmpty else {
            context.errorOutput.line("No state yet in \(store.backendDescription).")
            return .success
        }
        var table = TextTable([.init(title: "SERIAL"), .init(title: "WRITTEN"), .init(title: "BY"), .init(title: "LINEAGE")])
        let formatter = ISO8601DateFormatter()
        for revision in revisions {
            table.append([String(revision.serial),
                          revision.writtenAt.map { formatter.string(from: Date(timeIntervalSince1970: $0)) } ?? "-",
                          revision.writtenBy.isEmpty ? "-" : revision.writtenBy, revision.lineage])
        }
        context.output.write(table.render())
        return .success
    }
}
