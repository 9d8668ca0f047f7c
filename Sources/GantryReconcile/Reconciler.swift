import Foundation
import GantryGit

/// What a `Reconciler` watches and how it runs.
public struct ReconcileConfiguration: Sendable {
    public var source: GitSource
    public var mode: ReconcileMode
    public var policy: ReconcilePolicy
    public var timing: ReconcileSchedule.Timing
    /// Hard deadline for each run's git operations, and the time after which a run stops starting work.
    public var timeout: Duration
    /// The state directory (its `.gantry/` holds the suspend flag).
    public var stateDirectory: String
    /// Verify the head commit's signature before applying it, when set.
    public var signatureVerifier: SignatureVerifier?

    public init(source: GitSource, mode: ReconcileMode, policy: ReconcilePolicy, timing: ReconcileSchedule.Timing,
                timeout: Duration, stateDirectory: String, signatureVerifier: SignatureVerifier? = nil) {
        self.source = source
        self.mode = mode
        self.policy = policy
        self.timing = timing
        self.timeout = timeout
        self.stateDirectory = stateDirectory
        self.signatureVerifier = signatureVerifier
    }
}

/// The reconcile loop: fetch the newest revision, run it, record the status, wait.
///
/// Every run resolves the reference afresh, so a fix pushed after a broken commit is
/// picked up by the next retry; drift is checked at every run even without a new commit.
public final class Reconciler: Sendable {
    public let configuration: ReconcileConfiguration
    public let board: StatusBoard
    public let wakeup = Wakeup()
    private let runner: any ReconcileRunner
    private let log: ReconcileLog

    public init(configuration: ReconcileConfiguration, runner: any ReconcileRunner, log: ReconcileLog) {
        self.configuration = configuration
        self.runner = runner
        self.log = log
        board = StatusBoard(ReconcileStatus(url: configuration.source.url,
                                            reference: configuration.source.reference.description,
                                            mode: configuration.mode))
    }

    /// Runs until the task is cancelled (or after one run with `once`); returns the last outcome.
    @discardableResult
    public func run() async -> RunOutcome? {
        var schedule = ReconcileSchedule(timing: configuration.timing)
        var action = schedule.start()
        var last: RunOutcome?
        while !Task.isCancelled {
            switch action {
            case .run:
                let outcome = await runOnce()
                last = outcome
                action = schedule.finished(failed: outcome?.isFailure ?? true, random: Double.random(in: 0..<1))
                let failures = schedule.consecutiveFailures
                board.update { $0.consecutiveFailures = failures }
            case .wait(let duration):
                if await wakeup.wait(for: duration) { log.info("triggered", ["by": "webhook"]) }
                action = schedule.woke()
            case .stop:
                return last
            }
        }
        return last
    }

    /// One run; nil when it stopped before the runner (suspended, fetch failed, unverified).
    func runOnce() async -> RunOutcome? {
        let flag = SuspendFlag(stateDirectory: configuration.stateDirectory)
        if flag.isSuspended {
            board.update { $0.suspended = true; $0.totals["suspended", default: 0] += 1 }
            log.info("suspended; skipping run", ["flag": flag.path])
            return RunOutcome(result: .upToDate)
        }
        board.update { $0.suspended = false; $0.running = true }
        defer { board.update { $0.running = false; $0.abandonedGitOperations = GitSource.abandonedOperations } }
        let started = ContinuousClock.now
        let startedAt = Date().timeIntervalSince1970
        let deadline = started + configuration.timeout

        let snapshot: GitSnapshot
        do {
            snapshot = try await configuration.source.snapshot(timeout: configuration.timeout)
        } catch {
            let reason: ConditionReason = switch error.kind {
            case .timeout: .fetchTimeout
            case .authentication: .authenticationFailed
            default: .fetchFailed
            }
            fail(reason, "\(error)", revision: nil, startedAt: startedAt, since: started, result: "fetch-failed")
            board.update { $0.fetchFailures += 1 }
            return nil
        }
        let revision = snapshot.revision.description
        board.update { $0.lastFetchedRevision = revision; $0.lastAttemptedRevision = revision }
        log.info("fetched", ["revision": revision, "commit": snapshot.summary])

        if let verifier = configuration.signatureVerifier {
            if let problem = await verifier.problem(with: snapshot) {
                fail(.verificationFailed, "\(revision): \(problem)", revision: revision, startedAt: startedAt,
                     since: started, result: RunOutcome.Result.refused.rawValue)
                return RunOutcome(result: .refused, messages: [problem])
            }
        }

        let outcome = await runner.run(SpecSource(files: snapshot.files, revision: snapshot.revision),
                                       mode: configuration.mode, policy: configuration.policy, deadline: deadline)
        record(outcome, revision: revision, startedAt: startedAt, since: started)
        return outcome
    }

    private func record(_ outcome: RunOutcome, revision: String, startedAt: Double, since started: ContinuousClock.Instant) {
        let seconds = (ContinuousClock.now - started).seconds
        let message = outcome.messages.isEmpty ? nil : outcome.messages.joined(separator: "\n")
        let reason: ConditionReason? = switch outcome.result {
        case .invalid: .buildFailed
        case .refused: outcome.refusal ?? .pruneRefused
        case .failed: .applyFailed
        case .applied, .upToDate, .planned, .standby: nil
        }
        board.update { status in
            status.standby = outcome.result == .standby
            status.driftedResources = outcome.drifted
            if let reason {
                status.lastError = "\(revision): " + (message ?? outcome.result.rawValue)
                status.lastErrorReason = reason
            } else if outcome.result != .standby {
                status.lastError = nil
                status.lastErrorReason = nil
                if configuration.mode == .apply { status.lastAppliedRevision = revision }
            }
            status.totals[outcome.result.rawValue, default: 0] += 1
            status.durations.observe(seconds)
            status.history.insert(.init(revision: revision, result: outcome.result.rawValue, startedAt: startedAt,
                                        durationSeconds: seconds, add: outcome.add, change: outcome.change,
                                        destroy: outcome.destroy, drifted: outcome.drifted.count, message: message),
                                  at: 0)
            status.history = Array(status.history.prefix(ReconcileStatus.historyLimit))
        }
        let fields: KeyValuePairs<String, String> = [
            "revision": revision, "result": outcome.result.rawValue, "add": "\(outcome.add)",
            "change": "\(outcome.change)", "destroy": "\(outcome.destroy)", "drifted": "\(outcome.drifted.count)",
            "duration": String(format: "%.3fs", seconds)]
        if outcome.isFailure {
            log.error("run failed: " + (message ?? outcome.result.rawValue), fields)
        } else {
            // A successful run's messages say what it left alone (deletes kept): not errors, not silence.
            for text in outcome.messages { log.warning(text, ["revision": revision]) }
            log.info("run finished", fields)
        }
    }

    private func fail(_ reason: ConditionReason, _ message: String, revision: String?, startedAt: Double,
                      since started: ContinuousClock.Instant, result: String) {
        let seconds = (ContinuousClock.now - started).seconds
        board.update { status in
            status.lastError = message
            status.lastErrorReason = reason
            status.totals[result, default: 0] += 1
            status.durations.observe(seconds)
            status.history.insert(.init(revision: revision, result: result, startedAt: startedAt,
                                        durationSeconds: seconds, add: 0, change: 0, destroy: 0, drifted: 0,
                                        message: message), at: 0)
            status.history = Array(status.history.prefix(ReconcileStatus.historyLimit))
        }
        log.error(message, ["reason": reason.rawValue, "revision": revision ?? ""])
    }
}
