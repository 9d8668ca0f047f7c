/// `gantry version`: the build's version.
struct VersionCommand: GantryCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "version",
            abstract: "Print Gantry's version.",
            discussion: """
                EXAMPLES:
                  gantry version
                  gantry --version
                """)
    }

    init() {}
    init(arguments: ParsedArguments) throws {}

    func run(in context: CommandContext) async throws -> ExitCode {
        context.output.line("gantry \(Gantry.version)")
        return .success
    }
}
