import Foundation
import GantryRemoteState
import GantryState

/// `gantry state pull`: the current state document, journal replayed, as JSON.
struct StatePull: GantryCommand {
    static let out = Option<String>("out", short: "o", valueName: "file",
                                    help: "Write the state to this file (0600) instead of standard output.")

    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "pull",
            abstract: "Print (or save) the current state document from its backend.",
            discussion: """
                Sensitive attributes stay digests. Push an edited copy back with `gantry state push`.

                EXAMPLES:
                  gantry state pull -C infra/ > state.json
                  gantry state pull -C infra/ --out backup.json
                """,
            arguments: [StateCommand.directory.definition, StateBackendSelection.urlOption.definition, out.definition])
    }

    var directory: String
    var stateURL: String?
    var out: String?

    init(arguments: ParsedArguments) throws {
        directory = try arguments.value(StateCommand.directory) ?? "."
        stateURL = try arguments.value(StateBackendSelection.urlOption)
        out = try arguments.value(Self.out)
    }

    func run(in context: CommandContext) async throws -> ExitCode {
        let store = try StateAccess.store(directory, url: stateURL, in: context)
        guard let document = try await store.load() else {
            throw CommandError("there is no state in \(store.backendDescription) yet")
        }
        let bytes = try document.encodedFile()
        guard let out else {
            context.output.write(String(decoding: bytes, as: UTF8.self))
            return .success
        }
        let path = context.resolve(out)
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes), attributes: [.posixPermissions: 0o600])
        else { throw CommandError("could not write \(out)") }
        context.errorOutput.line("Saved serial \(document.serial) (\(document.resources.count) resources) to \(out).")
        return .success
    }
}
