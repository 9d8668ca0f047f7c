import Foundation
import XCTest
@testable import GantryCommands

/// The real command tree, run in process: what reaches the user's terminal and the exit code.
final class GantryRunTests: XCTestCase {
    private func run(_ words: [String]) async -> (code: ExitCode, output: String, errors: String) {
        let output = CapturedOutput(), errors = CapturedOutput()
        let context = CommandContext(output: output, errorOutput: errors, workingDirectory: "/")
        let code = await Gantry.run(words, in: context)
        return (code, output.text, errors.text)
    }

    func testVersion() async {
        let result = await run(["version"])
        XCTAssertEqual(result.code, .success)
        XCTAssertTrue(result.output.hasPrefix("gantry \(Gantry.version) (GPU catalog of "), result.output)
        let flag = await run(["--version"])
        XCTAssertEqual(flag.output, result.output)
    }

    func testNoArgumentsPrintsCommandList() async {
        let result = await run([])
        XCTAssertEqual(result.code, .success)
        XCTAssertTrue(result.output.contains("SUBCOMMANDS:"))
        XCTAssertTrue(result.output.contains("  version "))
    }

    func testUnknownCommandSuggestsAndShowsUsage() async {
        let result = await run(["verison"])
        XCTAssertEqual(result.code, .failure)
        XCTAssertEqual(result.output, "")
        XCTAssertTrue(result.errors.hasPrefix("error: unknown command 'verison'. Did you mean 'version'?\n"),
                      result.errors)
        XCTAssertTrue(result.errors.contains("See 'gantry help'."))
    }

    func testUsageErrorNamesTheCommandsHelp() async {
        let result = await run(["version", "--bogus"])
        XCTAssertEqual(result.code, .failure)
        XCTAssertTrue(result.errors.contains("Usage: gantry version\n"), result.errors)
        XCTAssertTrue(result.errors.contains("See 'gantry help version'."), result.errors)
    }

    func testEveryCommandHasHelpWithExamples() async {
        for command in Gantry.configuration.subcommands {
            let name = command.configuration.name
            let result = await run(["help", name])
            XCTAssertEqual(result.code, .success, name)
            XCTAssertTrue(result.output.contains("USAGE: gantry \(name)"), name)
            XCTAssertTrue(result.output.contains("EXAMPLES:"), "\(name) help has no examples")
        }
    }

    func testCommandErrorsPrintAsSentencesWithExitCode() {
        let error = CommandError("state is locked by ci@runner (apply, pid 42)",
                                 hint: "wait, or run 'gantry state unlock 7f3a'", exitCode: .lockHeld)
        XCTAssertEqual(ErrorPresenter.message(for: error),
                       "error: state is locked by ci@runner (apply, pid 42)\nhint: wait, or run 'gantry state unlock 7f3a'\n")
        XCTAssertEqual(ErrorPresenter.exitCode(for: error), .lockHeld)
    }

    func testRelativePathsResolveAgainstTheContextsDirectory() async {
        let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Examples").path
        let output = CapturedOutput(), errors = CapturedOutput()
        let context = CommandContext(output: output, errorOutput: errors, workingDirectory: examples)
        let code = await Gantry.run(["validate", "quickstart"], in: context)
        XCTAssertEqual(code, .success, errors.text)
        XCTAssertTrue(output.text.contains("project quickstart"), output.text)

        let missing = await Gantry.run(["validate", "no-such-spec"], in: context)
        XCTAssertEqual(missing, .failure)
        XCTAssertTrue(errors.text.contains("no-such-spec"), errors.text)
    }
}
