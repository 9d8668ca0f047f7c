/// Turns the words after `gantry` into the command to run and its parsed arguments.
///
/// Command names come first (`gantry state mv …`), then flags, options and positionals
/// in any order; `--` ends option parsing. `-h`/`--help` anywhere before `--`, and
/// `gantry help <command>…`, ask for help instead of running.
struct CommandParser {
    /// What the command line asks for.
    enum Outcome {
        /// Run the last command of `path` (the root first) with these arguments.
        case run(path: [any GantryCommand.Type], arguments: ParsedArguments)
        /// Print the help of the last command of `path`.
        case help(path: [any GantryCommand.Type])
    }

    let root: any GantryCommand.Type

    /// Parses `words` (without the program name).
    ///
    /// - Throws: `UsageError` naming what was typed, with `commandPath` set to the
    ///   command it belongs to.
    func parse(_ words: [String]) throws -> Outcome {
        if words.first == "help" {
            return .help(path: try resolve(Array(words.dropFirst()), allowingRest: false).path)
        }
        let (path, rest) = try resolve(words, allowingRest: true)
        let names = path.dropFirst().map { $0.configuration.name }
        let beforeTerminator = rest.prefix { $0 != "--" }
        if beforeTerminator.contains("--help") || beforeTerminator.contains("-h") {
            return .help(path: path)
        }
        do {
            let arguments = try ArgumentSorter(configuration: path[path.count - 1].configuration).sort(rest)
            return .run(path: path, arguments: arguments)
        } catch var error as UsageError {
            error.commandPath = names
            throw error
        }
    }

    /// Walks command names from the root; returns the command path and the words left.
    private func resolve(_ words: [String], allowingRest: Bool) throws
        -> (path: [any GantryCommand.Type], rest: ArraySlice<String>)
    {
        var path: [any GantryCommand.Type] = [root]
        var rest = words[...]
        while let word = rest.first {
            let current = path[path.count - 1].configuration
            if let next = current.subcommand(named: word) {
                path.append(next)
                rest = rest.dropFirst()
                continue
            }
            // A bare word where a subcommand must go is a misspelled command, not a positional.
            let expectsSubcommand = !current.subcommands.isEmpty
                && !current.arguments.contains { !$0.isNamed }
            if (expectsSubcommand || !allowingRest) && !word.hasPrefix("-") {
                let names = current.subcommands.map { $0.configuration.name } + (path.count == 1 ? ["help"] : [])
                var error = UsageError.unknownCommand(word, candidates: names,
                                                      in: path.dropFirst().map { $0.configuration.name })
                error.commandPath = path.dropFirst().map { $0.configuration.name }
                throw error
            }
            break
        }
        return (path, rest)
    }
}
