import GantryBasics
import GantryEngine
import GantryProviderKit
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
                // The run's plugins stop with it: a loop must not keep a process and its threads per run.
                try await session.withProviders { providers in
                    try await planAndApply(session, providers: providers, store: store,
                                           revision: source.revision.description, mode: mode, policy: policy,
                                           deadline: deadline)
                }
            }
        } catch let error as StateError where error.isLockHeld {
            return RunOutcome(result: .standby, messages: ["\(error)"])
        } catch {
            return RunOutcome(result: .failed, messages: [ErrorPresenter.describe(error)])
        }
    }

    private func planAndApply(_ session: SpecSession, providers: [String: any Provider], store: any StateStore,
                              revision: String, mode: ReconcileMode, policy: ReconcilePolicy,
                              deadline: ContinuousClock.Instant) async throws -> RunOutcome {
        let engine = Engine(providers: providers, store: store)
        var plan = try await engine.plan(session.spec.intents(), options: PlanOptions(refresh: true))
        let drifted = plan.drift.map(\.address.description)
        if plan.diagnostics.hasErrors {
            return RunOutcome(result: .invalid, drifted: drifted,
                              messages: [DiagnosticRenderer(format: .text).render(plan.diagnostics)])
        }
        let document = try await store.load()
        let safety = Self.applySafetyRules(to: &plan, spec: session.spec, state: document, policy: policy,
                                           drifted: drifted)
        var outcome = safety.outcome
        if outcome.result == .refused { return outcome }
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
        try await recordApplied(revision, protection: safety.protection, in: store)
        return outcome
    }

    /// The reconcile safety rules, applied to `plan` before anything runs: deletes of
    /// `protect: true` items are dropped (kept), a replacement of one refuses the run; without
    /// `--prune` every delete is dropped; a plan deleting every recorded resource is refused
    /// unless `--allow-delete-all`. Returns the run's outcome so far (`refused`, or
    /// `up-to-date` with the counts) and the protection to record once applied.
    private static func applySafetyRules(to plan: inout Plan, spec: Spec, state: StateDocument?,
                                         policy: ReconcilePolicy, drifted: [String])
        -> (outcome: RunOutcome, protection: DeleteProtection)
    {
        let protection = DeleteProtection(
            marked: spec.protectedItems,
            declared: Set(spec.intents().map { DeleteProtection.itemPath(of: $0.address) }), state: state)
        let guarded = protection.guard(&plan)
        if !guarded.replacements.isEmpty {
            var refused = RunOutcome(result: .refused, drifted: drifted, messages: [
                "the plan replaces \(list(guarded.replacements)), of item(s) marked protect: true; refusing "
                    + "(a replacement deletes the resource first or after; commit the item without protect: true "
                    + "to allow it)"])
            refused.refusal = .deleteProtected
            return (refused, protection)
        }
        var unpruned = 0
        if !policy.prune {
            unpruned = plan.changes.count { $0.action == .delete }
            plan.changes.removeAll { $0.action == .delete }
        }
        let summary = plan.summary
        var outcome = RunOutcome(result: .upToDate, add: summary.add, change: summary.change, destroy: summary.destroy,
                                 skippedDeletes: guarded.kept.count + unpruned, drifted: drifted)
        if !guarded.kept.isEmpty {
            outcome.messages.append("\(list(guarded.kept)) left the spec but belong(s) to item(s) marked "
                                    + "protect: true and are kept")
        }
        if unpruned > 0 {
            outcome.messages.append("\(unpruned) resource(s) left the spec and are kept (pass --prune to delete them)")
        }
        let recorded = state?.resources.count ?? 0
        if policy.prune, recorded > 0, summary.destroy >= recorded, summary.add == 0, !policy.allowDeleteAll {
            outcome.result = .refused
            outcome.messages = ["the plan deletes all \(recorded) resources in the state; refusing "
                + "(an emptied spec directory or a wrong --path usually means a mistake; pass --allow-delete-all if intended)"]
        }
        return (outcome, protection)
    }

    /// Writes the applied revision and the protected items into the state's metadata (only
    /// when they changed).
    private func recordApplied(_ revision: String, protection: DeleteProtection, in store: any StateStore) async throws {
        guard var document = try await store.load() else { return }
        let wanted: [String: Value] = [Self.appliedRevisionKey: .string(revision),
                                       DeleteProtection.stateKey: protection.stateValue]
        guard wanted.contains(where: { document.metadata[$0.key] != $0.value }) else { return }
        document.metadata.merge(wanted) { _, new in new }
        try await store.commit(document.nextSerial())
    }

    /// `a, b, c` or `4 resources (a, b, c, …)`.
    private static func list(_ addresses: [ResourceAddress]) -> String {
        let shown = addresses.prefix(3).map(\.rawValue).joined(separator: ", ")
        return addresses.count <= 3 ? shown : "\(addresses.count) resources (\(shown), …)"
    }
}
