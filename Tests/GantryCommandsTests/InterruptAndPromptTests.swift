import Testing
@testable import GantryCommands

@Suite("Ctrl-C and confirmation")
struct InterruptAndPromptTests {
    @Test func firstInterruptCancelsSecondExits() {
        var machine = InterruptHandler.Machine()
        #expect(machine.interrupted() == .cancel)
        #expect(machine.interrupted() == .exit)
        #expect(machine.interrupted() == .exit)
    }

    @Test func nonInteractiveApplyIsRefusedWithAHint() {
        let context = CommandContext(output: CapturedOutput(), errorOutput: CapturedOutput(), workingDirectory: "/")
        #expect {
            try Confirmation.ask("Apply?", in: context)
        } throws: { error in
            "\(error)".contains("--auto-approve")
        }
    }

    @Test(arguments: [("yes", true), ("y", false), ("YES", false), ("  yes ", true), ("", false)])
    func onlyYesApproves(answer: String, approved: Bool) throws {
        let errors = CapturedOutput()
        let context = CommandContext(output: CapturedOutput(), errorOutput: errors, workingDirectory: "/",
                                     inputIsTerminal: true, readLine: { answer })
        #expect(try Confirmation.ask("Apply these changes?", in: context) == approved)
        #expect(errors.text.hasPrefix("Apply these changes?"))
    }
}
