/// What a command declares about itself: its name, its help text, its arguments and
/// its subcommands.
public struct CommandConfiguration {
    /// The word that selects the command (`plan`).
    public var name: String
    /// One line for command lists and the top of `--help`.
    public var abstract: String
    /// Longer help: what it does, then examples. Printed under the overview.
    public var discussion: String
    /// Flags, options and positionals, in the order help lists them.
    public var arguments: [ArgumentDefinition]
    /// Commands one level below (`gantry state list`).
    public var subcommands: [any GantryCommand.Type]

    public init(name: String, abstract: String, discussion: String = "",
                arguments: [ArgumentDefinition] = [], subcommands: [any GantryCommand.Type] = []) {
        self.name = name
        self.abstract = abstract
        self.discussion = discussion
        self.arguments = arguments
        self.subcommands = subcommands
    }

    /// Declared arguments plus the built-in `--help`.
    var allArguments: [ArgumentDefinition] { arguments + [.help] }

    /// The subcommand called `name`, if any.
    func subcommand(named name: String) -> (any GantryCommand.Type)? {
        subcommands.first { $0.configuration.name == name }
    }
}
