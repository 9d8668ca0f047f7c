import GantryReconcile
import Testing

@Suite struct ReconcileScheduleTests {
    let timing = ReconcileSchedule.Timing(interval: .seconds(60), jitter: 0.1, retryInterval: .seconds(5),
                                          maxRetryInterval: .seconds(30))

    @Test func successWaitsOneIntervalWithinTheJitter() {
        var schedule = ReconcileSchedule(timing: timing)
        #expect(schedule.start() == .run)
        #expect(schedule.finished(failed: false, random: 0) == .wait(.seconds(54)))
        #expect(schedule.woke() == .run)
        #expect(schedule.finished(failed: false, random: 0.5) == .wait(.seconds(60)))
    }

    @Test func failuresBackOffExponentiallyUpToTheCapAndResetOnSuccess() {
        var schedule = ReconcileSchedule(timing: timing)
        _ = schedule.start()
        var waits: [ReconcileSchedule.Action] = []
        for _ in 0..<5 {
            waits.append(schedule.finished(failed: true, random: 0.5))
            _ = schedule.woke()
        }
        #expect(waits == [.wait(.seconds(5)), .wait(.seconds(10)), .wait(.seconds(20)), .wait(.seconds(30)),
                          .wait(.seconds(30))])
        #expect(schedule.consecutiveFailures == 5)
        #expect(schedule.finished(failed: false, random: 0.5) == .wait(.seconds(60)))
        #expect(schedule.consecutiveFailures == 0)
    }

    @Test func onceStopsAfterTheFirstRun() {
        var once = timing
        once.once = true
        var schedule = ReconcileSchedule(timing: once)
        #expect(schedule.start() == .run)
        #expect(schedule.finished(failed: true, random: 0) == .stop)
    }
}
