/// One `gantry` command: a declaration, an input check and a run that calls into libraries.
///
/// ```swift
/// struct Graph: GantryCommand {
///     static let directory = Positional<String>("dir", help: "The spec directory.")
///     static let format = Option<GraphFormat>("format", default: "dot", help: "Output format.")
///     static var configuration: CommandConfiguration {
///         CommandConfiguration(name: "graph", abstract: "Show the resource graph.",
///                              arguments: [directory.definition, format.definition])
///     }
///
///     var directory: String
///     var format: GraphFormat
///     init(arguments: ParsedArguments) throws {
///         directory = try arguments.required(Self.directory)
///         format = try arguments.value(Self.format) ?? .dot
///     }
///     func run(in context: CommandContext) async throws -> ExitCode { … }
/// }
/// ```
///
/// Help (`--help`, `gantry help graph`), usage errors with did-you-mean and exit codes
/// come from the declaration; the command only says what it does.
public protocol GantryCommand: Sendable {
    /// Name, help text, arguments and subcommands.
    static var configuration: CommandConfiguration { get }

    /// Reads the parsed words into the command's properties.
    init(arguments: ParsedArguments) throws

    /// Checks combinations of arguments the parser can't (`--out` with `--json`, …).
    /// Throw a `UsageError` to get the usage line printed with the message.
    func validate() throws

    /// Does the work and says how the process should exit.
    func run(in context: CommandContext) async throws -> ExitCode
}

extension GantryCommand {
    public func validate() throws {}
}

/// A command that only groups subcommands (`gantry state`, `gantry sim`): run alone, it
/// prints its help, which lists the subcommands.
public protocol CommandGroup: GantryCommand {
    init()
}

extension CommandGroup {
    public init(arguments: ParsedArguments) throws { self.init() }

    public func run(in context: CommandContext) async throws -> ExitCode {
        context.output.write(HelpGenerator(path: [Gantry.self, Self.self]).render())
        return .success
    }
}
