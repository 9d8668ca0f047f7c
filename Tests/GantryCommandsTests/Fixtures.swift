@testable import GantryCommands

/// A small command tree exercising every kind of argument, independent of the real
/// commands so parser tests don't change when a command does.
struct ToolRoot: CommandGroup {
    static var configuration: CommandConfiguration {
        CommandConfiguration(name: "gantry", abstract: "Test tool.", subcommands: [Deploy.self, Records.self])
    }
}

enum OutputFormat: String, CaseIterable, ArgumentValue {
    case text, json, github
}

struct Deploy: GantryCommand {
    static let directory = Positional<String>("dir", optional: true, default: ".", help: "The spec directory.")
    static let out = Option<String>("out", valueName: "file", help: "Save the plan to a file.")
    static let variables = Option<String>("var", valueName: "key=value", repeating: true, help: "Set a variable.")
    static let format = Option<OutputFormat>("format", valueName: "format", default: "text", help: "Output format.")
    static let count = Option<Int>("count", short: "n", help: "How many.")
    static let detailedExitcode = Flag("detailed-exitcode", help: "Exit 2 when there are changes.")
    static let refresh = Flag("refresh", default: true, help: "Read the cloud first.")

    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "deploy", abstract: "Deploy things.",
            discussion: "EXAMPLES:\n  gantry deploy infra/ --var env=prod",
            arguments: [directory.definition, out.definition, variables.definition, format.definition,
                        count.definition, detailedExitcode.definition, refresh.definition])
    }

    var directory: String
    var out: String?
    var variables: [String]
    var format: OutputFormat
    var count: Int?
    var detailedExitcode: Bool
    var refresh: Bool

    init(arguments: ParsedArguments) throws {
        directory = try arguments.value(Self.directory) ?? "."
        out = try arguments.value(Self.out)
        variables = try arguments.values(Self.variables)
        format = try arguments.value(Self.format) ?? .text
        count = try arguments.value(Self.count)
        detailedExitcode = try arguments.flag(Self.detailedExitcode)
        refresh = try arguments.flag(Self.refresh)
    }

    func run(in context: CommandContext) async throws -> ExitCode { .success }
}

struct Records: CommandGroup {
    static var configuration: CommandConfiguration {
        CommandConfiguration(name: "records", abstract: "Manage records.", subcommands: [Move.self])
    }
}

struct Move: GantryCommand {
    static let source = Positional<String>("source", help: "Address to move.")
    static let destination = Positional<String>("destination", help: "New address.")

    static var configuration: CommandConfiguration {
        CommandConfiguration(name: "mv", abstract: "Rename a record.",
                             arguments: [source.definition, destination.definition])
    }

    var source: String
    var destination: String

    init(arguments: ParsedArguments) throws {
        source = try arguments.required(Self.source)
        destination = try arguments.required(Self.destination)
    }

    func run(in context: CommandContext) async throws -> ExitCode { .success }
}

/// Parses `words` with the test tree and returns the command it selects.
func parse<C: GantryCommand>(_ words: [String], as type: C.Type = C.self) throws -> C {
    switch try CommandParser(root: ToolRoot.self).parse(words) {
    case .run(let path, let arguments):
        guard let command = try path[path.count - 1].init(arguments: arguments) as? C else {
            throw UsageError("parsed as \(path[path.count - 1]), not \(C.self)")
        }
        return command
    case .help:
        throw UsageError("asked for help")
    }
}

/// The usage error `words` produce, or nil when they parse.
func usageError(_ words: [String]) -> String? {
    do {
        switch try CommandParser(root: ToolRoot.self).parse(words) {
        case .run(let path, let arguments):
            _ = try path[path.count - 1].init(arguments: arguments)
            return nil
        case .help:
            return nil
        }
    } catch {
        return "\(error)"
    }
}
