import GantryState

/// `gantry state unlock ID`: break a lock left by a run that died.
struct StateUnlock: GantryCommand {
    static let id = Positional<String>("lock-id", help: "The lock id from the 'state is locked' message.")

    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "unlock",
            abstract: "Break a state lock left behind by a run that died.",
            discussion: """
                Refused when the id is not the current lock's, or when the process holding it
                is still alive and holds it — so a live apply is never interrupted this way.

                EXAMPLES:
                  gantry state unlock 1f0c9d2e-… -C infra/
                """,
            arguments: [id.definition, StateCommand.directory.definition])
    }

    var id: String
    var directory: String

    init(arguments: ParsedArguments) throws {
        id = try arguments.required(Self.id)
        directory = try arguments.value(StateCommand.directory) ?? "."
    }

    func run(in context: CommandContext) async throws -> ExitCode {
        let store = try StateAccess.store(directory, in: context)
        try await store.forceUnlock(id: id)
        context.output.line("Unlocked the state of \(directory) (lock \(id)).")
        return .success
    }
}
