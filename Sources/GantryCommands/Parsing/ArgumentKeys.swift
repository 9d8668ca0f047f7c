/// A typed key for a `--name` flag: declare it once, list its `definition` in the
/// command's configuration, read it back with `ParsedArguments.flag(_:)`.
///
/// ```swift
/// static let json = Flag("json", help: "Print the plan as JSON.")
/// static let refresh = Flag("refresh", default: true, help: "Read the cloud first.")
/// ```
public struct Flag: Sendable {
    public let definition: ArgumentDefinition

    public init(_ name: String, short: Character? = nil, default defaultValue: Bool = false, help: String) {
        definition = ArgumentDefinition(
            name: name, short: short, valueName: "", help: help, kind: .flag(defaultValue: defaultValue),
            defaultDescription: defaultValue ? "true" : nil)
    }
}

/// A typed key for a `--name value` option.
///
/// ```swift
/// static let out = Option<String>("out", valueName: "file", help: "Save the plan to a file.")
/// static let vars = Option<String>("var", valueName: "key=value", repeating: true, help: "Set a variable.")
/// ```
public struct Option<Value: ArgumentValue>: Sendable {
    public let definition: ArgumentDefinition

    public init(_ name: String, short: Character? = nil, valueName: String = "value", repeating: Bool = false,
                default defaultDescription: String? = nil, help: String) {
        definition = ArgumentDefinition(
            name: name, short: short, valueName: valueName, help: help, kind: .option(repeating: repeating),
            defaultDescription: defaultDescription, allowedValues: Value.allowedArgumentValues)
    }
}

/// A typed key for a positional argument.
///
/// ```swift
/// static let directory = Positional<String>("dir", optional: true, default: ".", help: "The spec directory.")
/// ```
public struct Positional<Value: ArgumentValue>: Sendable {
    public let definition: ArgumentDefinition

    public init(_ valueName: String, optional: Bool = false, repeating: Bool = false,
                default defaultDescription: String? = nil, help: String) {
        definition = ArgumentDefinition(
            name: valueName, valueName: valueName, help: help,
            kind: .positional(optional: optional, repeating: repeating),
            defaultDescription: defaultDescription, allowedValues: Value.allowedArgumentValues)
    }
}
