import Foundation

extension Gantry {
    /// The process entry point: runs `CommandLine.arguments` and exits with its code.
    ///
    /// Everything thrown is caught and printed as `error: …` — a top-level throw would
    /// kill the process with SIGILL and no message.
    public static func main() async -> Never {
        // Plugin pipes, libgit2's ssh pipes and sockets report a vanished peer as EPIPE,
        // which each caller turns into an error with context; SIGPIPE would end us silently.
        signal(SIGPIPE, SIG_IGN)
        let code = await run(Array(CommandLine.arguments.dropFirst()), in: .process())
        await ProviderRegistry.shutdownAll()  // plugin processes end with us, not after
        exit(code.rawValue)
    }

    /// Parses and runs one command line, printing errors to `context.errorOutput`.
    ///
    /// - Parameter words: the arguments without the program name.
    /// - Returns: the exit code (DESIGN.md §9); never throws.
    public static func run(_ words: [String], in context: CommandContext) async -> ExitCode {
        let parser = CommandParser(root: Gantry.self)
        var commandPath: [any GantryCommand.Type] = [Gantry.self]
        do {
            switch try parser.parse(words) {
            case .help(let path):
                context.output.write(HelpGenerator(path: path).render())
                return .success
            case .run(let path, let arguments):
                commandPath = path
                let command = try path[path.count - 1].init(arguments: arguments)
                try command.validate()
                return try await command.run(in: context)
            }
        } catch let error as UsageError {
            let path = error.commandPath.isEmpty ? commandPath : resolvePath(error.commandPath)
            context.errorOutput.write(ErrorPresenter.usage(error, path: path))
            return .failure
        } catch {
            context.errorOutput.write(ErrorPresenter.message(for: error))
            return ErrorPresenter.exitCode(for: error)
        }
    }

    /// The command types named by `names`, root first.
    private static func resolvePath(_ names: [String]) -> [any GantryCommand.Type] {
        var path: [any GantryCommand.Type] = [Gantry.self]
        for name in names {
            guard let next = path[path.count - 1].configuration.subcommand(named: name) else { break }
            path.append(next)
        }
        return path
    }
}
