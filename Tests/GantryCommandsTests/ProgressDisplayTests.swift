import Testing
@testable import GantryCommands

@Suite("Progress display")
struct ProgressDisplayTests {
    @Test func plainModePrintsOneLinePerEventAndNoEscapes() {
        let output = CapturedOutput()
        let display = ProgressDisplay(output: output, mode: .plain, verb: "Applying")
        display.begin(total: 2)
        display.started("networks.train.sim_network.main", doing: "creating")
        display.update(done: 0, failed: 0, total: 2)
        display.finished("networks.train.sim_network.main", summary: "created (id net-1)", failed: false)
        display.end()
        #expect(output.text == """
            networks.train.sim_network.main: Creating...
            networks.train.sim_network.main: created (id net-1)

            """)
    }

    @Test func terminalModeRedrawsTheStatusLineInPlace() {
        let output = CapturedOutput()
        let display = ProgressDisplay(output: output, mode: .terminal, verb: "Applying")
        display.begin(total: 3)
        display.started("a", doing: "creating")
        display.started("b", doing: "creating")
        #expect(display.inFlightAddresses == ["a", "b"])
        display.finished("a", summary: "created", failed: false)
        display.end()
        #expect(output.text.contains("\r\u{1B}[2KApplying [0/3] 2 in flight, 1 remaining — 0:00"))
        #expect(output.text.contains("a: created\n"))
        #expect(output.text.hasSuffix("\r\u{1B}[2K"), "the status line is cleared before the summary")
        #expect(display.inFlightAddresses == ["b"])
    }

    @Test func statusLineCountsAndClock() {
        let line = ProgressDisplay.statusLine(verb: "Destroying", done: 10, failed: 1, inFlight: 4, total: 20,
                                              elapsed: 75.9)
        #expect(line == "Destroying [11/20] 4 in flight, 5 remaining, 1 failed — 1:15")
    }
}
