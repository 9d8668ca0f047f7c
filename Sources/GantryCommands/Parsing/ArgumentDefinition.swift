/// One declared argument of a command — a flag, an option or a positional — as the parser
/// and the help generator see it.
///
/// Commands don't build these by hand: they declare typed keys (`Flag`, `Option`,
/// `Positional`) and list the keys' definitions in their `CommandConfiguration`.
public struct ArgumentDefinition: Sendable, Hashable {
    /// What shape of argument this is.
    public enum Kind: Sendable, Hashable {
        /// `--json`; `--name=true|false` is accepted too, so a flag that defaults to on can
        /// be turned off (`--refresh=false`).
        case flag(defaultValue: Bool)
        /// `--out FILE` or `--out=FILE`; `repeating` collects every occurrence
        /// (`--var a=1 --var b=2`), otherwise the last one wins.
        case option(repeating: Bool)
        /// A bare word in position; `repeating` takes all that remain.
        case positional(optional: Bool, repeating: Bool)
    }

    /// The long name without dashes (`detailed-exitcode`), or the positional's name.
    public var name: String
    /// The one-letter form (`-h`), if any.
    public var short: Character?
    /// What the value is called in help (`<file>`).
    public var valueName: String
    /// One sentence for `--help`.
    public var help: String
    public var kind: Kind
    /// Shown in help as `(default: …)`.
    public var defaultDescription: String?
    /// The values accepted, when the set is closed; shown in help and in errors.
    public var allowedValues: [String]?

    public init(name: String, short: Character? = nil, valueName: String, help: String, kind: Kind,
                defaultDescription: String? = nil, allowedValues: [String]? = nil) {
        self.name = name
        self.short = short
        self.valueName = valueName
        self.help = help
        self.kind = kind
        self.defaultDescription = defaultDescription
        self.allowedValues = allowedValues
    }

    /// True for options and flags, false for positionals.
    public var isNamed: Bool {
        if case .positional = kind { return false }
        return true
    }

    /// How the user spells it: `--out`, or `<dir>` for a positional.
    public var displayName: String {
        isNamed ? "--\(name)" : "<\(valueName)>"
    }

    /// The built-in `-h, --help` flag every command accepts.
    static let help = ArgumentDefinition(
        name: "help", short: "h", valueName: "", help: "Show help for this command.",
        kind: .flag(defaultValue: false))
}
