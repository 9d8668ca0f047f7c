import GantryBasics
import GantryProviderKit
import GantryState

extension WalkState {
    /// Starts the create half of a node group's replacement as a rollout: one child task
    /// that creates, gates and resizes the new group (see `RolloutRunner`), reporting back
    /// like a one-resource create call, so failover, skipping and recording work as usual.
    mutating func startRollout(_ op: Int, into group: inout Group) {
        guard let plan = rollouts[walker.graph.operations[op].change],
              let (template, requests) = prepare(op) else { return }
        let change = change(of: op)
        let batch = CallBatch(provider: change.provider, type: change.type, operations: [op], templates: [template],
                              requests: requests, attempt: attempts[op], epoch: 0,
                              limit: limits[change.provider]?.current ?? 1, holdsSlot: false)
        running += 1
        pending += 1
        let walker = self.walker
        group.addTask { await walker.executeRollout(batch, plan: plan, change: change) }
    }
}

extension ApplyWalker {
    /// Runs one rollout and hands back the new group's record (journaled by the driver)
    /// only once every step has passed.
    func executeRollout(_ batch: CallBatch, plan: RolloutPlan, change: ResourceChange) async -> Message {
        guard case .create(let requests) = batch.requests, let request = requests.first,
              let template = batch.templates.first else {
            return .finished(batch, [], records: [], warnings: ["internal error: a rollout without its create request"])
        }
        guard let provider = providers[batch.provider] else {
            return .finished(batch, [.failure(request.address, ProviderError(
                .fatal, "provider '\(batch.provider)' is not configured"))], records: [], warnings: [])
        }
        if let failure = await journalIntents(requests, provider: batch.provider) {
            return .finished(batch, [.failure(request.address, failure)], records: [], warnings: [])
        }
        let runner = RolloutRunner(provider: provider, providerName: batch.provider, change: change, plan: plan,
                                   attributes: request.attributes, intentToken: request.intentToken, tracer: tracer,
                                   retry: options.retry, cancellation: options.cancellation)
        let outcome = await runner.run()
        var records: [JournalEntry] = []
        if case .success(let snapshot) = outcome.result { records.append(.put(template.record(snapshot))) }
        return .finished(batch, [outcome.result], records: records, warnings: outcome.warnings)
    }
}
