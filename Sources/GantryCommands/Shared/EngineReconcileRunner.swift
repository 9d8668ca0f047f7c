import GantryBasics
import GantryEngine
import GantryReconcile
import GantrySpec
import GantryState

/// One reconcile run through the same composition the CLI uses: spec (from git blobs) →
/// providers → state lock → engine. A replica that finds the lock held stands by.
struct EngineReconcileRunner: ReconcileRunner {
    /// State metadata key holding the last applied revision (`main@sha1:…`).
    static let appliedRevisionKey = "reconcile.lastAppliedRevision"

    /// The directory whose `.gantry/` holds the state (and the sim provider's cloud).
    let stateDirectory: String
    let variables: [String: String]
    let environment: [String: String]
    var parallelism = 32

    func run(_ source: SpecSource, mode: ReconcileMode, policy: ReconcilePolicy,
             deadline: ContinuousClock.Instant) async -> RunOutcome {
        let loader = SpecLoader(variables: variables, variableFiles: [], environment: environment)
        let loaded = loader.load(files: source.files.map { (path: $0.path, bytes: $0.bytes) })
        guard let spec = loaded.spec, !loaded.diagnostics.hasErrors else {
            let text = DiagnosticRenderer(format: .text, sources: loaded.sources).render(loaded.diagnostics)
            return RunOutcome(result: .invalid, messages: [text.isEmpty ? "the spec has no files" : text])
        }
        let session = SpecSession(spec: spec, workspace: Workspace(specPath: stateDirectory, isDirectory: true))
        let store = session.stateStore()
        do {
            return try await StateLock.withLock(store, operation: "reconcile \(source.revision)", timeout: 0) {
                try await planAndApply(session, store: store, revision: source.revision.description, mode: mode,
                                       policy: policy, deadline: deadline)
            }
        } catch let error as StateError where error.isLockHeld {
            return RunOutcome(result: .standby, messages: ["\(error)"])
        } catch {
            return RunOutcome(result: .failed, messages: [ErrorPresenter.describe(error)])
        }
    }

    private func planAndApply(_ session: SpecSession, store: any StateStore, revision: String, mode: ReconcileMode,
                              policy: ReconcilePolicy, deadline: ContinuousClock.Instant) async throws -> RunOutcome {
        let engine = Engine(providers: try await session.providers(), store: store)
        var plan = try await engine.plan(session.spec.intents(), options: PlanOptions(refresh: true))
        let drifted = plan.drift.map(\.address.description)
        if plan.diagnostics.hasErrors {
            return RunOutcome(result: .invalid, drifted: drifted,
                              messages: [DiagnosticRenderer(format: .text).render(plan.diagnostics)])
        }
        let recorded = try await store.load()?.resources.count ?? 0
        var skippedDeletes = 0
        if !policy.prune {
            skippedDeletes = plan.changes.count { $0.action == .delete }
            plan.changes.removeAll { $0.action == .delete }
        }
        let summary = plan.summary
        var outcome = RunOutcome(result: .upToDate, add: summary.add, change: summary.change,
                                 destroy: summary.destroy, skippedDeletes: skippedDeletes, drifted: drifted)
        if skippedDeletes > 0 {
            outcome.messages.append("\(skippedDeletes) resource(s) left the spec and are kept (pass --prune to delete them)")
        }
        if policy.prune, recorded > 0, summary.destroy >= recorded, summary.add == 0, !policy.allowDeleteAll {
            outcome.result = .refused
            outcome.messages = ["the plan deletes all \(recorded) resources in the state; refusing "
                + "(an emptied spec directory or a wrong --path usually means a mistake; pass --allow-delete-all if intended)"]
            return outcome
        }
        guard mode == .apply else {
            outcome.result = plan.hasChanges ? .planned : .upToDate
            return outcome
        }
        if plan.hasChanges {
            let cancellation = CancellationSignal()
            // Past the run's deadline the engine stops starting work and records what finished.
            let timer = Task {
                try? await Task.sleep(until: deadline, clock: .continuous)
                if !Task.isCancelled { cancellation.cancel() }
            }
            let report = try await engine.apply(plan, options: ApplyOptions(maxConcurrency: parallelism,
                                                                            cancellation: cancellation))
            timer.cancel()
            // Where pools landed after capacity failover: kept in the run's /status history entry.
            outcome.messages += report.placements.filter { $0.offer != nil && !$0.attempts.isEmpty }.map(\.sentence)
            guard report.status == .succeeded else {
                outcome.result = .failed
                let problems = ApplyRunner.problems(report)
                outcome.messages.append((problems.isEmpty ? "" : problems) + report.summaryLine)
                return outcome
            }
            outcome.result = .applied
        }
        try await recordApplied(revision, in: store)
        return outcome
    }

    /// Writes the applied revision into the state's metadata (only when it changed).
    private func recordApplied(_ revision: String, in store: any StateStore) async throws {
        guard var document = try await store.load(),
              document.metadata[Self.appliedRevisionKey] != .string(revision)
        else { return }
        document.metadata[Self.appliedRevisionKey] = .string(revision)
        try await store.commit(document.nextSerial())
    }
}
