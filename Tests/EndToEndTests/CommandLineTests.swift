import XCTest

/// The binary's front door: help, version, usage errors and their exit codes.
final class CommandLineTests: XCTestCase {
    var gantry: GantryBinary!
    var scratch: Scratch!

    override func setUpWithError() throws {
        gantry = try GantryBinary.locate()
        scratch = try Scratch()
    }

    func testVersion() throws {
        let result = try gantry.run(["version"], in: scratch.url)
        XCTAssertEqual(result.exitCode, 0, result.transcript)
        XCTAssertTrue(result.output.hasPrefix("gantry "), result.transcript)
    }

    func testHelpForTheToolAndForACommand() throws {
        let root = try gantry.run(["--help"], in: scratch.url)
        XCTAssertEqual(root.exitCode, 0, root.transcript)
        XCTAssertTrue(root.output.contains("SUBCOMMANDS:"), root.transcript)

        let viaFlag = try gantry.run(["version", "--help"], in: scratch.url)
        let viaCommand = try gantry.run(["help", "version"], in: scratch.url)
        XCTAssertEqual(viaFlag.exitCode, 0)
        XCTAssertEqual(viaFlag.output, viaCommand.output)
        XCTAssertTrue(viaFlag.output.contains("USAGE: gantry version"), viaFlag.transcript)
    }

    func testUnknownCommandSuggestsTheNearestOne() throws {
        let result = try gantry.run(["verson"], in: scratch.url)
        XCTAssertEqual(result.exitCode, 1, result.transcript)
        XCTAssertTrue(result.errors.hasPrefix("error: unknown command 'verson'. Did you mean 'version'?"),
                      result.transcript)
        XCTAssertEqual(result.output, "", "errors go to stderr only")
    }

    func testUnknownOptionExitsOneWithoutATypeDump() throws {
        let result = try gantry.run(["version", "--verbose"], in: scratch.url)
        XCTAssertEqual(result.exitCode, 1, result.transcript)
        XCTAssertTrue(result.errors.hasPrefix("error: unknown option '--verbose'."), result.transcript)
        XCTAssertFalse(result.errors.contains("UsageError("), result.transcript)
    }

    func testMistypedFlagOfPlanSuggestsTheRealOne() throws {
        let result = try gantry.run(["plan", ".", "--detailed-exitcod"], in: scratch.url)
        XCTAssertEqual(result.exitCode, 1, result.transcript)
        XCTAssertTrue(result.errors.hasPrefix(
            "error: unknown option '--detailed-exitcod'. Did you mean '--detailed-exitcode'?\n"), result.transcript)
        XCTAssertTrue(result.errors.contains("See 'gantry help plan'."), result.transcript)
    }

    func testEveryListedCommandHasHelp() throws {
        let root = try gantry.run(["--help"], in: scratch.url)
        let listed = root.output.components(separatedBy: "SUBCOMMANDS:\n").last?
            .split(separator: "\n").compactMap { line -> String? in
                guard line.hasPrefix("  "), !line.hasPrefix("   ") else { return nil }
                return line.split(separator: " ").first.map(String.init)
            } ?? []
        XCTAssertTrue(listed.contains("apply") && listed.contains("sim"), root.transcript)
        for command in listed where command != "See" {
            let help = try gantry.run([command, "--help"], in: scratch.url)
            XCTAssertEqual(help.exitCode, 0, "\(command)\n\(help.transcript)")
            XCTAssertTrue(help.output.contains("USAGE: gantry \(command)"), "\(command)\n\(help.transcript)")
        }
    }
}
