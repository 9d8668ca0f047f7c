/// The words of one command line, sorted into the command's declared arguments.
///
/// Read values back through the same typed keys the command declared; a value that
/// doesn't convert throws a `UsageError` quoting what the user typed.
public struct ParsedArguments: Sendable {
    /// Raw words per flag name: the flag's value after `=` (`"false"`), or `""` when bare.
    var flags: [String: [String]] = [:]
    /// Raw words per option name, in the order given.
    var options: [String: [String]] = [:]
    /// Raw words per positional name.
    var positionals: [String: [String]] = [:]

    public init() {}

    /// Whether `flag` is on: its default unless the user gave `--name` or `--name=true|false`.
    public func flag(_ flag: Flag) throws -> Bool {
        guard case .flag(let defaultValue) = flag.definition.kind else { return false }
        guard let last = flags[flag.definition.name]?.last else { return defaultValue }
        switch last {
        case "", "true": return true
        case "false": return false
        default:
            throw UsageError.invalidValue(last, argument: flag.definition, expected: ["true", "false"])
        }
    }

    /// The last value given for `option`, or nil when it wasn't given.
    public func value<T>(_ option: Option<T>) throws -> T? {
        guard let word = options[option.definition.name]?.last else { return nil }
        return try convert(word, for: option.definition)
    }

    /// Every value given for a repeating `option`, in order.
    public func values<T>(_ option: Option<T>) throws -> [T] {
        try (options[option.definition.name] ?? []).map { try convert($0, for: option.definition) }
    }

    /// The value of a positional; nil only when it is optional and was not given.
    public func value<T>(_ positional: Positional<T>) throws -> T? {
        guard let word = positionals[positional.definition.name]?.first else { return nil }
        return try convert(word, for: positional.definition)
    }

    /// Every word taken by a repeating positional.
    public func values<T>(_ positional: Positional<T>) throws -> [T] {
        try (positionals[positional.definition.name] ?? []).map { try convert($0, for: positional.definition) }
    }

    /// The value of a required positional. The parser has already checked it is present.
    public func required<T>(_ positional: Positional<T>) throws -> T {
        guard let value = try value(positional) else { throw UsageError.missingArgument(positional.definition) }
        return value
    }

    private func convert<T: ArgumentValue>(_ word: String, for definition: ArgumentDefinition) throws -> T {
        guard let value = T(argument: word) else {
            throw UsageError.invalidValue(word, argument: definition, expected: T.allowedArgumentValues)
        }
        return value
    }
}
