/// The root command: `gantry <command> …`.
///
/// Run alone it prints the list of commands; `gantry --version` prints the version.
/// `Gantry.main()` is the process entry point (see `Gantry+Main.swift`).
public struct Gantry: GantryCommand {
    /// This build's version, printed by `gantry version`.
    public static let version = "0.1.0"

    static let versionFlag = Flag("version", help: "Print the version and exit.")

    public static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "gantry",
            abstract: "Infrastructure as code for GPU clouds.",
            discussion: """
                Gantry provisions GPU node pools, storage tiers and networks from declarative YAML:
                it validates the spec, plans the changes against recorded state and applies them
                through provider plugins. The built-in `sim` provider simulates a GPU cloud, so
                everything works without an account.

                EXAMPLES:
                  gantry validate Examples/quickstart
                  gantry catalog --gpu H100 --min-count 8
                  gantry help plan
                """,
            arguments: [versionFlag.definition],
            subcommands: commands)
    }

    /// Every top-level command, in the order `gantry --help` lists them.
    static var commands: [any GantryCommand.Type] {
        [ValidateCommand.self, PlanCommand.self, ApplyCommand.self, DestroyCommand.self, RefreshCommand.self,
         StateCommand.self, ImportCommand.self, GraphCommand.self, CatalogCommand.self, SimCommand.self,
         FmtCommand.self, CostCommand.self, PolicyCommand.self, ProvidersCommand.self, ReconcileCommand.self,
         VersionCommand.self]
    }

    var showVersion: Bool

    public init(arguments: ParsedArguments) throws {
        showVersion = try arguments.flag(Self.versionFlag)
    }

    public func run(in context: CommandContext) async throws -> ExitCode {
        if showVersion { return try await VersionCommand().run(in: context) }
        context.output.write(HelpGenerator(path: [Gantry.self]).render())
        return .success
    }
}
