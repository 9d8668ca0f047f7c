import Testing
@testable import GantryCommands

@Suite("Help")
struct HelpTests {
    @Test func commandHelpListsEverythingDeclared() {
        let help = HelpGenerator(path: [ToolRoot.self, Deploy.self]).render()
        #expect(help.hasPrefix("OVERVIEW: Deploy things.\n"))
        #expect(help.contains("EXAMPLES:\n  gantry deploy infra/ --var env=prod"))
        #expect(help.contains("  <dir>                   The spec directory. (default: .)"))
        #expect(help.contains("  --var <key=value>       Set a variable."))
        #expect(help.contains("  --format <format>       Output format. One of: text, json, github. (default:\n"))
        #expect(help.contains("  -n, --count <value>     How many."))
        #expect(help.contains("  --refresh[=true|false]  Read the cloud first. (default: true)"))
        #expect(help.contains("  -h, --help              Show help for this command."))
    }

    @Test func longUsageIsShortened() {
        let usage = HelpGenerator(path: [ToolRoot.self, Deploy.self]).usage()
        #expect(usage == "gantry deploy [<options>] [<dir>]")
    }

    @Test func groupHelpListsSubcommands() {
        let help = HelpGenerator(path: [ToolRoot.self, Records.self]).render()
        #expect(help.contains("USAGE: gantry records <subcommand>"))
        #expect(help.contains("  mv                      Rename a record."))
        #expect(help.contains("See 'gantry help records <subcommand>' for detailed help."))
    }

    @Test func longTextWrapsUnderItsColumn() {
        let row = HelpGenerator.row(label: "--x", help: String(repeating: "word ", count: 30))
        let lines = row.split(separator: "\n")
        #expect(lines.count > 1)
        #expect(lines.allSatisfy { $0.count <= HelpGenerator.width })
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix(String(repeating: " ", count: 26)) })
    }
}
