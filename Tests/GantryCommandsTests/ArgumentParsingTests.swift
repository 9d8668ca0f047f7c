import Testing
@testable import GantryCommands

@Suite("Argument parsing")
struct ArgumentParsingTests {
    @Test func optionValuesBothSpellings() throws {
        let spaced = try parse(["deploy", "--out", "plan.bin"], as: Deploy.self)
        let joined = try parse(["deploy", "--out=plan.bin"], as: Deploy.self)
        #expect(spaced.out == "plan.bin")
        #expect(joined.out == "plan.bin")
    }

    @Test func equalsInsideValueIsKept() throws {
        let command = try parse(["deploy", "--var=env=prod"], as: Deploy.self)
        #expect(command.variables == ["env=prod"])
    }

    @Test func repeatedOptionsCollectInOrder() throws {
        let command = try parse(["deploy", "--var", "a=1", "--var", "b=2", "--var=c=3"], as: Deploy.self)
        #expect(command.variables == ["a=1", "b=2", "c=3"])
    }

    @Test func positionalsAndOptionsInAnyOrder() throws {
        let command = try parse(["deploy", "--format", "json", "infra/", "-n", "3"],
                                as: Deploy.self)
        #expect(command.directory == "infra/")
        #expect(command.format == .json)
        #expect(command.count == 3)
    }

    @Test func optionalPositionalDefaults() throws {
        #expect(try parse(["deploy"], as: Deploy.self).directory == ".")
    }

    @Test func terminatorMakesDashedWordsPositional() throws {
        let command = try parse(["deploy", "--", "--weird-dir"], as: Deploy.self)
        #expect(command.directory == "--weird-dir")
    }

    @Test func flagsDefaultAndExplicitValues() throws {
        let plain = try parse(["deploy"], as: Deploy.self)
        #expect(plain.refresh == true)
        #expect(plain.detailedExitcode == false)
        let set = try parse(["deploy", "--refresh=false", "--detailed-exitcode"], as: Deploy.self)
        #expect(set.refresh == false)
        #expect(set.detailedExitcode == true)
    }

    @Test func negativeNumberIsAValue() throws {
        #expect(try parse(["deploy", "--count", "-2"], as: Deploy.self).count == -2)
    }

    @Test func subcommandsWithPositionals() throws {
        let move = try parse(["records", "mv", "a.b", "c.d"], as: Move.self)
        #expect(move.source == "a.b")
        #expect(move.destination == "c.d")
    }

    @Test func helpAnywhereBeforeTerminator() throws {
        let parser = CommandParser(root: ToolRoot.self)
        for words in [["deploy", "--help"], ["deploy", "x", "-h"], ["help", "deploy"]] {
            guard case .help(let path) = try parser.parse(words) else {
                Issue.record("\(words) did not ask for help")
                continue
            }
            #expect(path.last?.configuration.name == "deploy")
        }
        guard case .run = try parser.parse(["deploy", "--", "--help"]) else {
            Issue.record("--help after -- must be a positional")
            return
        }
    }
}
