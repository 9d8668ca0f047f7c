/// Renders `--help` for a command from its declaration: overview, discussion (with
/// examples), usage line, arguments, options and subcommands.
struct HelpGenerator {
    /// The command path, root first (`[Gantry, StateCommand, StateMove]`).
    let path: [any GantryCommand.Type]

    /// Help text wraps to this width.
    static let width = 80
    /// Where the help column of argument lists starts.
    static let labelWidth = 26

    private var configuration: CommandConfiguration { path[path.count - 1].configuration }

    /// `gantry state mv`.
    var commandName: String { path.map { $0.configuration.name }.joined(separator: " ") }

    /// The full help text, ending in a newline.
    func render() -> String {
        var sections: [String] = ["OVERVIEW: \(configuration.abstract)"]
        if !configuration.discussion.isEmpty { sections.append(configuration.discussion) }
        sections.append("USAGE: \(usage())")
        let positionals = configuration.arguments.filter { !$0.isNamed }
        if !positionals.isEmpty {
            sections.append("ARGUMENTS:\n" + positionals.map(row).joined(separator: "\n"))
        }
        let named = configuration.allArguments.filter(\.isNamed)
        sections.append("OPTIONS:\n" + named.map(row).joined(separator: "\n"))
        if !configuration.subcommands.isEmpty {
            let rows = configuration.subcommands.map {
                Self.row(label: $0.configuration.name, help: $0.configuration.abstract)
            }
            let group = path.dropFirst().map { $0.configuration.name + " " }.joined()
            sections.append("SUBCOMMANDS:\n" + rows.joined(separator: "\n")
                + "\n\n  See 'gantry help \(group)<subcommand>' for detailed help.")
        }
        return sections.joined(separator: "\n\n") + "\n"
    }

    /// The one-line synopsis: `gantry plan [<dir>] [--out <file>] [--json]`, shortened to
    /// `gantry plan [<options>] [<dir>]` when it would not fit on a line.
    func usage() -> String {
        let positionals = configuration.arguments.filter { !$0.isNamed }.map(Self.synopsis)
        let named = configuration.arguments.filter(\.isNamed).map(Self.synopsis)
        var words = [commandName]
        if !configuration.subcommands.isEmpty && positionals.isEmpty { words.append("<subcommand>") }
        let full = (words + positionals + named).joined(separator: " ")
        if full.count <= Self.width - 7 || named.isEmpty { return full }
        return (words + ["[<options>]"] + positionals).joined(separator: " ")
    }

    private static func synopsis(_ argument: ArgumentDefinition) -> String {
        switch argument.kind {
        case .flag(let defaultValue):
            return defaultValue ? "[--\(argument.name)=false]" : "[--\(argument.name)]"
        case .option(let repeating):
            return "[--\(argument.name) <\(argument.valueName)>\(repeating ? " ..." : "")]"
        case .positional(let optional, let repeating):
            let word = "<\(argument.valueName)>\(repeating ? " ..." : "")"
            return optional ? "[\(word)]" : word
        }
    }

    private func row(_ argument: ArgumentDefinition) -> String {
        var label: String
        switch argument.kind {
        case .flag(let defaultValue):
            label = "--\(argument.name)" + (defaultValue ? "[=true|false]" : "")
        case .option:
            label = "--\(argument.name) <\(argument.valueName)>"
        case .positional:
            label = "<\(argument.valueName)>"
        }
        if let short = argument.short { label = "-\(short), " + label }
        var help = argument.help
        if let allowed = argument.allowedValues { help += " One of: \(allowed.joined(separator: ", "))." }
        if let defaultDescription = argument.defaultDescription { help += " (default: \(defaultDescription))" }
        return Self.row(label: label, help: help)
    }

    /// `  label                   help text wrapped under itself`.
    static func row(label: String, help: String) -> String {
        let indent = String(repeating: " ", count: labelWidth)
        let lines = wrap(help, width: width - labelWidth)
        let head = "  " + label
        var out: String
        if head.count < labelWidth - 1 {
            out = head + String(repeating: " ", count: labelWidth - head.count) + (lines.first ?? "")
        } else {
            out = head + "\n" + indent + (lines.first ?? "")
        }
        for line in lines.dropFirst() { out += "\n" + indent + line }
        return out
    }

    /// Greedy word wrap.
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty && line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += line.isEmpty ? String(word) : " " + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}
