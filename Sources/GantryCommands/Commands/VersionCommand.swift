import GantryCatalog

/// `gantry version`: the build's version and the date of its GPU catalog.
struct VersionCommand: GantryCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "version",
            abstract: "Print Gantry's version and the date of its GPU catalog.",
            discussion: """
                EXAMPLES:
                  gantry version
                  gantry --version
                """)
    }

    init() {}
    init(arguments: ParsedArguments) throws {}

    func run(in context: CommandContext) async throws -> ExitCode {
        context.output.line("gantry \(Gantry.version) (GPU catalog of \(Catalog.embedded.date))")
        return .success
    }
}
