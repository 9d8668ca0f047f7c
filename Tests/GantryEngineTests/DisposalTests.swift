import GantryEngine
import Synchronization
import Testing

@Suite struct DisposalTests {
    /// Counts its own deinits, to see whether a disposal let it go.
    final class Probe: Sendable {
        deinit { Self.deinits.withLock { $0 += 1 } }
        static let deinits = Mutex(0)
    }

    @Test func releaseLetsGoAndKeepUntilExitKeeps() {
        let before = Probe.deinits.withLock { $0 }
        do { Disposal.release.dispose(Probe()) }
        #expect(Probe.deinits.withLock { $0 } == before + 1)

        // Kept for the life of the test process, as the real one would until it exits.
        do { Disposal.keepUntilExit.dispose(Probe()) }
        #expect(Probe.deinits.withLock { $0 } == before + 1)
    }
}
