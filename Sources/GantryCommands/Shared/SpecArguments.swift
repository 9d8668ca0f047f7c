/// The arguments every command that reads a spec shares: the directory and variables.
///
/// Declare them once here so `validate`, `graph`, `plan`, `apply`, … spell and explain
/// them the same way.
enum SpecArguments {
    static let directory = Positional<String>(
        "dir", help: "The spec directory (every *.yaml / *.yml file in it), or one spec file.")
    static let variables = Option<String>(
        "var", valueName: "name=value", repeating: true,
        help: "Set a spec variable; repeat for several. Overrides --var-file and GANTRY_VAR_name.")
    static let variableFiles = Option<String>(
        "var-file", valueName: "file", repeating: true,
        help: "Read variables from a YAML file of name: value pairs; repeat for several.")

    /// The definitions to list in a command's configuration.
    static var definitions: [ArgumentDefinition] {
        [directory.definition, variables.definition, variableFiles.definition]
    }

    /// `--var name=value` words as a dictionary (the last one wins).
    ///
    /// - Throws: `UsageError` quoting a word without `=` or with an empty name.
    static func parseVariables(_ words: [String]) throws -> [String: String] {
        var variables: [String: String] = [:]
        for word in words {
            guard let equals = word.firstIndex(of: "="), equals != word.startIndex else {
                throw UsageError("invalid --var '\(word)': expected name=value, e.g. --var env=prod.")
            }
            variables[String(word[..<equals])] = String(word[word.index(after: equals)...])
        }
        return variables
    }
}
