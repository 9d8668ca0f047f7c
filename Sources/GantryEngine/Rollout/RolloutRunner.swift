import GantryBasics
import GantryProviderKit

/// Carries out a `RolloutPlan`: creates the new node group at the first step's size,
/// waits at each health gate, resizes between steps, and on any failure deletes the new
/// group and puts the old one back to its size.
///
/// The old group is never deleted here: the apply walker deletes it after this returns
/// success, as the second half of the create-then-delete replacement, so state stays
/// right whichever way it ends — on failure the new group never reaches state and the old
/// record is kept.
struct RolloutRunner {
    let provider: any Provider
    let providerName: String
    let change: ResourceChange
    let plan: RolloutPlan
    /// The new group's final attributes, references resolved.
    let attributes: [String: Value]
    let intentToken: String
    let tracer: Tracer
    let retry: RetryPolicy
    let cancellation: CancellationSignal?

    /// What the walker records: the new group's snapshot, or the failure.
    struct Outcome {
        var result: OperationResult
        var warnings: [String] = []
    }

    private var address: ResourceAddress { change.address }

    func run() async -> Outcome {
        let warnings = await removeLeftovers()
        var outcome = await steps()
        outcome.warnings = warnings + outcome.warnings
        return outcome
    }

    /// Groups tagged with this address other than the recorded one can only be left over
    /// from a rollout Gantry did not live to finish (its record was never written): they
    /// are deleted before starting again, so no GPU nodes run unseen.
    private func removeLeftovers() async -> [String] {
        let found: [ResourceSnapshot]
        do {
            found = try await tracer.providerCall(retrying: retry, provider: providerName, method: "list",
                                                  type: change.type, addresses: [address], count: 1) {
                try await provider.list(ListRequest(type: change.type))
            }
        } catch {
            return ["\(address): could not look for node groups left by an interrupted rollout (\(error))"]
        }
        var warnings: [String] = []
        for leftover in found where leftover.address == address && leftover.id != change.priorID {
            let result = await call("delete") {
                await provider.delete([DeleteRequest(address: address, type: change.type, id: leftover.id,
                                                     attributes: leftover.attributes)])
            }
            if case .failure(_, let error) = result {
                warnings.append("\(address): \(leftover.id), left by an interrupted rollout, could not be deleted "
                                + "(\(error)); delete it by hand")
            } else {
                tracer.emit(.rollout(address: address, message: "deleted \(leftover.id), left by an interrupted rollout"))
            }
        }
        return warnings
    }

    private func steps() async -> Outcome {
        var newGroup: ResourceSnapshot?
        var oldNodes = plan.oldNodes
        for (index, step) in plan.steps.enumerated() {
            func stop(_ reason: String) async -> Outcome {
                await rollBack(newGroup, oldResized: oldNodes != plan.oldNodes, at: index, step: step, reason: reason)
            }
            if let before = step.oldNodesBefore, before < oldNodes {
                if let problem = await resizeOld(to: before) { return await stop(problem) }
                oldNodes = before
            }
            let wanted = plan.attributes(attributes, step: step)
            let result: OperationResult
            if let current = newGroup {
                result = await call("update") {
                    await provider.update([UpdateRequest(address: address, type: change.type, id: current.id,
                                                         prior: current.attributes, attributes: wanted)])
                }
            } else {
                result = await call("create") {
                    await provider.create([CreateRequest(address: address, type: change.type, attributes: wanted,
                                                         intentToken: intentToken)])
                }
            }
            switch result {
            case .success(let snapshot): newGroup = snapshot
            case .failure(_, let error) where newGroup == nil:
                // Nothing was made: the walker reports (or fails over) the create error itself.
                return Outcome(result: .failure(address, error))
            case .failure(_, let error): return await stop("resizing the new node group failed: \(error)")
            case .deleted: return await stop("the provider answered a resize with a delete")
            }
            tracer.emit(.rollout(address: address, message: "step \(index + 1) of \(plan.steps.count) (\(step.label)): "
                                     + "waiting for \(RolloutPlan.nodes(step.newNodes)) to be ready"))
            switch await waitReady(id: newGroup?.id ?? "", wanted: step.newNodes) {
            case .success(let attributes):
                newGroup?.attributes = attributes
            case .failure(let reason):
                return await stop(reason.text)
            }
            if let after = step.oldNodesAfter, after < oldNodes {
                if let problem = await resizeOld(to: after) { return await stop(problem) }
                oldNodes = after
            }
            if plan.settings.pause > 0, index < plan.steps.count - 1 {
                await WalkState.pause(seconds: plan.settings.pause, unless: cancellation)
            }
        }
        guard let newGroup else {
            return Outcome(result: .failure(address, ProviderError(.fatal, "the rollout plan has no steps", address: address)))
        }
        tracer.emit(.rollout(address: address, message: "new node group \(newGroup.id) is ready; retiring the old one"))
        return Outcome(result: .success(newGroup))
    }

    // MARK: Health gate

    enum GateFailure: Error {
        case unhealthy(String)
        case timedOut(after: String, last: String)
        case unreadable(String)
        case interrupted

        var text: String {
            switch self {
            case .unhealthy(let why): why
            case .timedOut(let timeout, let last):
                "the new nodes were not ready within the health timeout of \(timeout) (\(last))"
            case .unreadable(let why): "the new node group could not be read: \(why)"
            case .interrupted: "the apply was interrupted"
            }
        }
    }

    /// Reads the new group through the provider until the gate's verdict is final.
    private func waitReady(id: String, wanted: Int) async -> Result<[String: Value], GateFailure> {
        let timeout = plan.settings.healthTimeout
        let deadline = ContinuousClock.now + .seconds(timeout)
        // Often enough to notice readiness soon, rarely enough not to throttle the API.
        let interval = min(5, max(0.05, timeout / 20))
        var last = "not read yet"
        while true {
            if cancellation?.isCancelled == true { return .failure(.interrupted) }
            let results: [ReadResult]
            do {
                results = try await tracer.providerCall(retrying: retry, provider: providerName, method: "read",
                                                        type: change.type, addresses: [address], count: 1) {
                    try await provider.read(ReadRequest(type: change.type, items: [.init(address: address, id: id)]))
                }
            } catch {
                return .failure(.unreadable(String(describing: error)))
            }
            guard case .found(let snapshot)? = results.first else {
                return .failure(.unhealthy("the new node group \(id) disappeared"))
            }
            switch HealthGate.evaluate(snapshot.attributes, wanted: wanted) {
            case .ready: return .success(snapshot.attributes)
            case .failed(let why): return .failure(.unhealthy(why))
            case .waiting(let why): last = why
            }
            let left = deadline - ContinuousClock.now
            if left <= .zero { return .failure(.timedOut(after: plan.settings.healthTimeoutText, last: last)) }
            await WalkState.pause(seconds: min(interval, Double(left.components.seconds) + 0.05), unless: cancellation)
        }
    }

    // MARK: Calls

    /// One create / update / delete of one resource, retried on `throttled` and `timeout`
    /// (creates carry their intent token, so a retried create is the same create).
    private func call(_ method: String, _ body: () async -> [OperationResult]) async -> OperationResult {
        var attempt = 1
        while true {
            let results = await tracer.providerCall(provider: providerName, method: method, type: change.type,
                                                    addresses: [address], count: 1, attempt: attempt,
                                                    outcome: ApplyWalker.summarize, body)
            let result = results.first ?? .failure(address, ProviderError(
                .fatal, "the provider returned no result for this resource", address: address))
            guard case .failure(_, let error) = result, error.isRetryable, attempt < retry.maxAttempts else { return result }
            await WalkState.pause(seconds: max(retry.delay(afterAttempt: attempt), error.retryAfter ?? 0), unless: nil)
            attempt += 1
        }
    }

    /// Sets the old group's size (rolling); nil on success, else what went wrong.
    private func resizeOld(to nodes: Int) async -> String? {
        guard let id = change.priorID, let before = change.before else { return nil }
        let sized = RolloutPlan.sized(before, settings: plan.settings, nodes: nodes,
                                      minimum: before[plan.settings.minKey]?.intValue ?? 0)
        let result = await call("update") {
            await provider.update([UpdateRequest(address: address, type: change.type, id: id, prior: before,
                                                 attributes: sized)])
        }
        if case .failure(_, let error) = result { return "scaling the old node group \(id) to \(nodes) failed: \(error)" }
        tracer.emit(.rollout(address: address, message: "old node group \(id) scaled to \(RolloutPlan.nodes(nodes))"))
        return nil
    }

    // MARK: Rolling back

    /// Deletes the new group and restores the old one's size; the failure names the step.
    private func rollBack(_ newGroup: ResourceSnapshot?, oldResized: Bool, at index: Int, step: RolloutPlan.Step,
                          reason: String) async -> Outcome {
        var cleanup: [String] = []
        var warnings: [String] = []
        if let newGroup {
            let result = await call("delete") {
                await provider.delete([DeleteRequest(address: address, type: change.type, id: newGroup.id,
                                                     attributes: newGroup.attributes)])
            }
            if case .failure(_, let error) = result, error.code != .notFound {
                cleanup.append("the new node group \(newGroup.id) could not be deleted (\(error)); delete it by hand")
                warnings.append("\(address): the new node group \(newGroup.id) of a failed rollout is not tracked "
                                + "by Gantry; delete it by hand")
            } else {
                cleanup.append("the new node group \(newGroup.id) was deleted")
            }
        }
        let oldID = change.priorID ?? "?"
        if oldResized, let before = change.before, let id = change.priorID {
            let result = await call("update") {
                await provider.update([UpdateRequest(address: address, type: change.type, id: id, prior: before,
                                                     attributes: before)])
            }
            if case .failure(_, let error) = result {
                cleanup.append("the old node group \(oldID) could not be scaled back to \(plan.oldNodes) (\(error))")
                warnings.append("\(address): the old node group \(oldID) is smaller than recorded; "
                                + "the next plan shows the difference")
            } else {
                cleanup.append("the old node group \(oldID) was scaled back to \(RolloutPlan.nodes(plan.oldNodes))")
            }
        } else {
            cleanup.append("the old node group \(oldID) is untouched")
        }
        let failure = RolloutFailure(address: address, strategy: plan.settings.strategy, step: index + 1,
                                     stepCount: plan.steps.count, stepLabel: step.label, reason: reason, cleanup: cleanup)
        tracer.emit(.rollout(address: address, message: failure.description))
        return Outcome(result: .failure(address, failure.providerError), warnings: warnings)
    }
}
