import GantryReconcile

/// `gantry reconcile resume`: let reconcile runs start again.
struct ReconcileResumeCommand: GantryCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "resume",
            abstract: "Let reconcile runs start again after `gantry reconcile suspend`.",
            discussion: """
                EXAMPLES:
                  gantry reconcile resume -C /var/lib/gantry
                """,
            arguments: [ReconcileCommand.stateDirectory.definition])
    }

    var directory: String

    init(arguments: ParsedArguments) throws {
        directory = try arguments.value(ReconcileCommand.stateDirectory) ?? "."
    }

    func run(in context: CommandContext) async throws -> ExitCode {
        let resumed = try SuspendFlag(stateDirectory: context.resolve(directory)).resume()
        context.output.line(resumed ? "Reconcile resumed; the next run starts at its interval."
                                    : "Reconcile was not suspended.")
        return .success
    }
}
