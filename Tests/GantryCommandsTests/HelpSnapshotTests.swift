import Testing
@testable import GantryCommands

/// The full help of one real command, pinned: a change in layout or wording shows up here
/// and in review, not first in a user's terminal.
@Test func validateHelpSnapshot() {
    let expected = """
        OVERVIEW: Check a spec and report every problem with its file:line:column.

        Loads every *.yaml / *.yml file of DIR (or one file), evaluates variables and
        expressions, and checks the spec against the GPU catalog: unknown keys, types and
        units, references, MIG profiles, interconnects, placement, CIDR overlaps,
        residency. No cloud API is called. Exits 1 when there is any error.

        EXAMPLES:
          gantry validate Examples/quickstart
          gantry validate infra/ --var env=prod --var-file prod.yaml
          gantry validate infra/ --format github     # annotations in a GitHub Actions job

        USAGE: gantry validate [<options>] <dir>

        ARGUMENTS:
          <dir>                   The spec directory (every *.yaml / *.yml file in it),
                                  or one spec file.

        OPTIONS:
          --var <name=value>      Set a spec variable; repeat for several. Overrides
                                  --var-file and GANTRY_VAR_name.
          --var-file <file>       Read variables from a YAML file of name: value pairs;
                                  repeat for several.
          --format <format>       How to print problems: text for people, json for
                                  tools, github for workflow annotations. One of: text,
                                  json, github. (default: text)
          -h, --help              Show help for this command.

        """
    #expect(HelpGenerator(path: [Gantry.self, ValidateCommand.self]).render() == expected)
}
