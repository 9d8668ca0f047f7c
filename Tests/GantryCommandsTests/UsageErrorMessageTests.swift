import Testing
@testable import GantryCommands

/// What a user reads when the command line is wrong, pinned word for word.
@Suite("Usage error messages")
struct UsageErrorMessageTests {
    static let cases: [([String], String)] = [
        (["deploy", "--detailed-exitcod"],
         "unknown option '--detailed-exitcod'. Did you mean '--detailed-exitcode'?"),
        (["deploy", "-detailed-exitcode"],
         "unknown option '-detailed-exitcode'. Did you mean '--detailed-exitcode'?"),
        (["deploy", "--colour"], "unknown option '--colour'."),
        (["deplyo"], "unknown command 'deplyo'. Did you mean 'deploy'?"),
        (["records", "mvv", "a", "b"], "unknown subcommand 'mvv' of 'gantry records'. Did you mean 'mv'?"),
        (["deploy", "--out"], "option '--out' needs a value: --out <file>."),
        (["deploy", "--out", "--json"], "option '--out' needs a value: --out <file>."),
        (["deploy", "--format", "jsn"],
         "invalid value 'jsn' for '--format'; expected one of: text, json, github. Did you mean 'json'?"),
        (["deploy", "--count", "many"], "invalid value 'many' for '--count'."),
        (["deploy", "--refresh=no"], "flag '--refresh' takes no value other than true or false, got 'no'."),
        (["deploy", "a", "b"], "unexpected argument 'b'."),
        (["records", "mv", "a"], "missing argument '<destination>'."),
    ]

    @Test(arguments: cases)
    func message(words: [String], expected: String) {
        #expect(usageError(words) == expected)
    }

    @Test func farWordsGetNoSuggestion() {
        #expect(Suggestion.didYouMean("xyz", among: ["plan", "apply"]) == "")
    }
}
