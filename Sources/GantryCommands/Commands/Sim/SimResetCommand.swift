import SimProvider

/// `gantry sim reset`: empty the simulated cloud.
struct SimResetCommand: GantryCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "reset",
            abstract: "Delete every resource and drain from the simulated cloud (the state is not touched).",
            discussion: """
                EXAMPLES:
                  gantry sim reset -C Examples/quickstart
                """,
            arguments: [SimCommand.directory.definition])
    }

    var directory: String

    init(arguments: ParsedArguments) throws {
        directory = try arguments.value(SimCommand.directory) ?? "."
    }

    func run(in context: CommandContext) async throws -> ExitCode {
        try await SimWorld(workingDirectory: context.resolve(directory)).reset()
        context.output.line("The simulated cloud of \(directory) is empty.")
        return .success
    }
}
