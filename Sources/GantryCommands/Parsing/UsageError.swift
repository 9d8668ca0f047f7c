/// A command line that doesn't fit the command: the message quotes what the user typed
/// and, where a near spelling exists, suggests it.
///
/// The entry point prints it as `error: …` followed by the command's usage line, and
/// exits with code 1.
public struct UsageError: Error, Sendable, Hashable, CustomStringConvertible {
    /// One line saying what is wrong.
    public var message: String
    /// The command path the error belongs to (`["state", "mv"]`), so the usage line and
    /// the `gantry help …` pointer name the right command. Filled in by the parser.
    public var commandPath: [String]

    public init(_ message: String, commandPath: [String] = []) {
        self.message = message
        self.commandPath = commandPath
    }

    public var description: String { message }

    static func unknownOption(_ typed: String, candidates: [String]) -> UsageError {
        UsageError("unknown option '\(typed)'." + Suggestion.didYouMean(typed, among: candidates))
    }

    static func unknownCommand(_ typed: String, candidates: [String], in path: [String]) -> UsageError {
        let scope = path.isEmpty ? "" : " of '\((["gantry"] + path).joined(separator: " "))'"
        let kind = path.isEmpty ? "command" : "subcommand"
        return UsageError("unknown \(kind) '\(typed)'\(scope)." + Suggestion.didYouMean(typed, among: candidates))
    }

    static func missingValue(_ typed: String, argument: ArgumentDefinition) -> UsageError {
        UsageError("option '\(typed)' needs a value: \(typed) <\(argument.valueName)>.")
    }

    static func missingArgument(_ argument: ArgumentDefinition) -> UsageError {
        UsageError("missing argument '\(argument.displayName)'.")
    }

    static func unexpectedArgument(_ typed: String) -> UsageError {
        UsageError("unexpected argument '\(typed)'.")
    }

    static func flagTakesNoValue(_ typed: String, value: String) -> UsageError {
        UsageError("flag '\(typed)' takes no value other than true or false, got '\(value)'.")
    }

    static func invalidValue(_ typed: String, argument: ArgumentDefinition, expected: [String]?) -> UsageError {
        var message = "invalid value '\(typed)' for '\(argument.displayName)'"
        if let expected, !expected.isEmpty {
            message += "; expected one of: \(expected.joined(separator: ", "))."
            message += Suggestion.didYouMean(typed, among: expected)
        } else {
            message += "."
        }
        return UsageError(message)
    }
}
