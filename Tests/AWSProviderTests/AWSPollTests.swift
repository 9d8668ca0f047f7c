import GantryProviderKit
import Synchronization
import Testing
@testable import AWSProvider

/// Waiting on AWS's background work: the first check runs at once, an answer ends the wait,
/// and a bound of 0 checks exactly once.
@Suite struct AWSPollTests {
    @Test func anAnswerEndsTheWaitAndNoAnswerWithinTheBoundIsNil() async throws {
        let calls = Mutex(0)
        let answered = try await AWSPoll(seconds: 60, pause: 0.01).until { () async throws(ProviderError) -> String? in
            let n = calls.withLock { $0 += 1; return $0 }
            return n == 3 ? "up" : nil
        }
        #expect(answered == "up")
        #expect(calls.withLock { $0 } == 3)

        let once = Mutex(0)
        let none = try await AWSPoll(seconds: 0, pause: 5).until { () async throws(ProviderError) -> Int? in
            once.withLock { $0 += 1 }
            return nil
        }
        #expect(none == nil)
        #expect(once.withLock { $0 } == 1, "a bound of 0 checks once, without pausing")
    }

    @Test func boundsReadAsPeopleSayThem() {
        #expect(AWSPoll(seconds: 600, pause: 5).boundText == "10 min")
        #expect(AWSPoll(seconds: 45, pause: 5).boundText == "45 s")
    }
}
