import GantryBasics
import GantryProviderKit
import GantryState

/// The mutable state of one apply walk, owned by the driver task of `ApplyWalker.run`.
///
/// `launch` starts every operation that is ready and has a concurrency slot; `handle`
/// takes one message from a child task and moves operations on. Neither waits.
struct WalkState {
    typealias Status = ApplyWalker.Status
    typealias Group = TaskGroup<ApplyWalker.Message>

    let walker: ApplyWalker
    private var status: [Status]
    private var remaining: [Int]
    private var attempts: [Int]
    private var tokens: [Int: String] = [:]
    private var overrides: [Int: [String: Value]] = [:]
    private var failovers: [Int: Int] = [:]
    private var errors: [Int: ProviderError] = [:]
    private var skipCauses: [Int: ResourceAddress] = [:]
    private var queues: [ApplyWalker.QueueKey: [Int]] = [:]
    private var limits: [String: AdaptiveLimit] = [:]
    private var calls: [String: Int] = [:]
    /// Current attributes of every resource, for resolving references.
    private var known: [ResourceAddress: [String: Value]]
    private var opsOfChange: [[Int]]
    private var finishedOps: [Int]
    private var startedChanges = Set<Int>()
    private var running = 0
    private var doneCount = 0
    private var failedCount = 0
    private let clock = ContinuousClock.now
    /// Child tasks not yet collected (provider calls, backoff timers, failover decisions).
    var pending = 0
    private(set) var result = ApplyWalker.Result()

    init(walker: ApplyWalker) {
        self.walker = walker
        let graph = walker.graph
        status = Array(repeating: .waiting, count: graph.count)
        remaining = graph.dependencies.map(\.count)
        attempts = Array(repeating: 0, count: graph.count)
        known = walker.recorded
        opsOfChange = Array(repeating: [], count: walker.plan.changes.count)
        finishedOps = Array(repeating: 0, count: walker.plan.changes.count)
        for (index, operation) in graph.operations.enumerated() { opsOfChange[operation.change].append(index) }
        for (provider, _) in walker.providers {
            limits[provider] = AdaptiveLimit(maximum: walker.options.maxConcurrency(for: provider),
                                             initial: walker.options.initialConcurrency)
        }
        for op in 0..<graph.count where remaining[op] == 0 { enqueue(op) }
    }

    private var cancelled: Bool { walker.options.cancellation?.isCancelled ?? false }

    private func change(of op: Int) -> ResourceChange { walker.plan.changes[walker.graph.operations[op].change] }

    private mutating func enqueue(_ op: Int) {
        let change = change(of: op)
        status[op] = .queued
        let key = ApplyWalker.QueueKey(provider: change.provider, kind: walker.graph.operations[op].kind.rawValue,
                                       type: change.type)
        queues[key, default: []].append(op)
    }

    // MARK: Starting work

    /// Starts every queued operation that has a slot, in batches.
    mutating func launch(into group: inout Group) {
        var progressed = true
        while progressed && !cancelled {
            progressed = false
            for key in queues.keys.sorted() {
                guard let queue = queues[key], !queue.isEmpty else { continue }
                guard limits[key.provider]?.hasSlot ?? false else { continue }
                let take = min(queue.count, walker.options.maxBatchSize)
                queues[key] = Array(queue.dropFirst(take))
                if let batch = makeBatch(key, operations: Array(queue.prefix(take))) {
                    start(batch, into: &group)
                }
                progressed = true
            }
        }
    }

    private mutating func makeBatch(_ key: ApplyWalker.QueueKey, operations: [Int]) -> CallBatch? {
        var ops: [Int] = [], templates: [RecordTemplate] = []
        var creates: [CreateRequest] = [], updates: [UpdateRequest] = [], deletes: [DeleteRequest] = []
        for op in operations {
            let change = change(of: op)
            let kind = walker.graph.operations[op].kind
            var attributes: [String: Value] = [:]
            if kind != .delete {
                switch resolvedAttributes(change) {
                case .success(let resolved): attributes = overrides[op].map { resolved.merging($0) { _, new in new } } ?? resolved
                case .failure(let error):
                    fail(op, error)
                    continue
                }
            }
            ops.append(op)
            attempts[op] += 1
            status[op] = .running
            let changeIndex = walker.graph.operations[op].change
            if startedChanges.insert(changeIndex).inserted {
                walker.tracer.emit(.willStart(address: change.address, action: change.action))
            }
            templates.append(RecordTemplate(
                address: change.address, type: change.type, provider: change.provider,
                dependencies: change.dependencies, origin: change.origin, sensitive: change.sensitive,
                deleteRemovesRecord: change.action != .createThenDelete))
            switch kind {
            case .create:
                let token = tokens[op] ?? SpanRecorder.randomHex(bytes: 16)
                tokens[op] = token
                creates.append(CreateRequest(address: change.address, type: change.type, attributes: attributes,
                                             intentToken: token))
            case .update:
                updates.append(UpdateRequest(address: change.address, type: change.type, id: change.priorID ?? "",
                                             prior: change.before ?? [:], attributes: attributes))
            case .delete:
                deletes.append(DeleteRequest(address: change.address, type: change.type, id: change.priorID ?? "",
                                             attributes: change.before ?? [:]))
            }
        }
        guard !ops.isEmpty else { return nil }
        let requests: CallBatch.Requests
        switch walker.graph.operations[ops[0]].kind {
        case .create: requests = .create(creates)
        case .update: requests = .update(updates)
        case .delete: requests = .delete(deletes)
        }
        let limit = limits[key.provider]?.current ?? 1
        let epoch = limits[key.provider]?.acquire() ?? 0
        return CallBatch(provider: key.provider, type: key.type, operations: ops, templates: templates,
                         requests: requests, attempt: ops.map { attempts[$0] }.max() ?? 1, epoch: epoch, limit: limit)
    }

    private mutating func start(_ batch: CallBatch, into group: inout Group) {
        running += batch.operations.count
        pending += 1
        let walker = self.walker
        group.addTask { await walker.execute(batch) }
    }

    /// The attributes to send: planned values with references resolved from finished
    /// dependencies; values the cloud computes are left out.
    private func resolvedAttributes(_ change: ResourceChange) -> Swift.Result<[String: Value], ProviderError> {
        var attributes = change.after ?? [:]
        for (key, value) in attributes where value.containsUnknown {
            guard let configured = change.config?[key], configured.containsUnknown else {
                attributes[key] = nil
                continue
            }
            var missing: Value.Reference?
            let resolved = resolve(configured, missing: &missing)
            if let missing {
                return .failure(ProviderError(
                    .invalid, "\(missing) has no value after its resource was applied", address: change.address))
            }
            attributes[key] = resolved
        }
        return .success(attributes)
    }

    private func resolve(_ value: Value, missing: inout Value.Reference?) -> Value {
        switch value {
        case .reference(let ref):
            guard let found = known[ref.address]?[ref.attribute], !found.containsUnknown else {
                missing = ref
                return .unknown
            }
            return found
        case .array(let items): return .array(items.map { resolve($0, missing: &missing) })
        case .object(let members): return .object(members.mapValues { resolve($0, missing: &missing) })
        default: return value
        }
    }

    // MARK: Handling results

    mutating func handle(_ message: ApplyWalker.Message, group: inout Group) {
        switch message {
        case .finished(let batch, let results, let warnings):
            result.warnings.append(contentsOf: warnings)
            finished(batch, results, group: &group)
        case .retryDue(let ops):
            for op in ops { if cancelled { status[op] = .notStarted } else { enqueue(op) } }
        case .failover(let op, let attributes, let error):
            if let attributes, !cancelled {
                overrides[op] = attributes
                enqueue(op)
            } else {
                fail(op, error)
            }
        }
        emitProgress()
    }

    private mutating func finished(_ batch: CallBatch, _ results: [OperationResult], group: inout Group) {
        running -= batch.operations.count
        calls[batch.provider, default: 0] += 1
        let throttled = results.contains { if case .failure(_, let e) = $0 { e.code == .throttled } else { false } }
        let allGood = results.allSatisfy { if case .failure = $0 { false } else { true } }
        if throttled { limits[batch.provider]?.throttled(startedIn: batch.epoch) }
        else if allGood { limits[batch.provider]?.succeeded() }
        else { limits[batch.provider]?.released() }

        var byAddress: [ResourceAddress: OperationResult] = [:]
        for outcome in results {
            switch outcome {
            case .success(let snapshot): byAddress[snapshot.address] = outcome
            case .deleted(let address), .failure(let address, _): byAddress[address] = outcome
            }
        }
        var retries: [Int] = []
        var retryAttempt = 1
        for (op, template) in zip(batch.operations, batch.templates) {
            switch byAddress[template.address] {
            case .success(let snapshot):
                known[template.address] = snapshot.attributes
                result.puts[template.address] = template.record(snapshot)
                result.removals.remove(template.address)
                succeed(op)
            case .deleted:
                if template.deleteRemovesRecord {
                    result.puts[template.address] = nil
                    result.removals.insert(template.address)
                }
                succeed(op)
            case .failure(_, let error) where error.code == .notFound && batch.method == "delete":
                // Already gone: the goal of the delete is met.
                if template.deleteRemovesRecord { result.removals.insert(template.address) }
                succeed(op)
            case .failure(_, let error) where error.isRetryable && attempts[op] < walker.options.retry.maxAttempts:
                status[op] = .waiting
                retries.append(op)
                retryAttempt = max(retryAttempt, attempts[op])
            case .failure(_, let error) where error.code == .capacity && batch.method == "create"
                && walker.options.capacityFailover != nil:
                status[op] = .waiting
                askFailover(op, error: error, group: &group)
            case .failure(_, let error):
                if error.code == .timeout, batch.method == "create", let token = tokens[op] {
                    // The create may have happened after all: the next plan looks for it by tag.
                    result.unresolvedCreates.append(PendingCreate(address: template.address, type: template.type,
                                                                  provider: template.provider, token: token))
                }
                fail(op, error)
            case nil:
                fail(op, ProviderError(.fatal, "the provider returned no result for this resource",
                                       address: template.address))
            }
        }
        if !retries.isEmpty {
            let delay = walker.options.retry.delay(afterAttempt: retryAttempt)
            if throttled {
                walker.tracer.emit(.throttled(provider: batch.provider, addresses: retries.map { change(of: $0).address },
                                              attempt: retryAttempt, newLimit: limits[batch.provider]?.current ?? 1,
                                              delay: delay))
            }
            pending += 1
            group.addTask {
                if delay > 0 { try? await Task.sleep(for: .seconds(delay)) }
                return .retryDue(retries)
            }
        }
    }

    private mutating func askFailover(_ op: Int, error: ProviderError, group: inout Group) {
        guard let strategy = walker.options.capacityFailover else { return fail(op, error) }
        let change = change(of: op)
        let attempt = failovers[op, default: 0] + 1
        failovers[op] = attempt
        let attributes = (try? resolvedAttributes(change).get()) ?? change.after ?? [:]
        pending += 1
        group.addTask {
            let alternative = await strategy.alternative(for: change.address, type: change.type,
                                                         attributes: attributes, error: error, attempt: attempt)
            return .failover(operation: op, attributes: alternative, error: error)
        }
    }

    private mutating func succeed(_ op: Int) {
        status[op] = .done
        doneCount += 1
        finishOp(op)
        for dependent in walker.graph.dependents[op] {
            remaining[dependent] -= 1
            if remaining[dependent] == 0 && status[dependent] == .waiting { enqueue(dependent) }
        }
    }

    private mutating func fail(_ op: Int, _ error: ProviderError) {
        status[op] = .failed
        errors[op] = error
        failedCount += 1
        finishOp(op)
        let cause = change(of: op).address
        for dependent in walker.graph.transitiveDependents(of: op) where status[dependent] == .waiting {
            status[dependent] = .skipped
            skipCauses[dependent] = cause
            finishOp(dependent)
        }
    }

    /// Counts a terminal operation and reports the resource once all its operations are.
    private mutating func finishOp(_ op: Int) {
        let index = walker.graph.operations[op].change
        finishedOps[index] += 1
        if finishedOps[index] == opsOfChange[index].count {
            let change = walker.plan.changes[index]
            walker.tracer.emit(.didFinish(address: change.address, action: change.action,
                                          outcome: outcome(ofChange: index)))
        }
    }

    private func outcome(ofChange index: Int) -> EngineEvent.Outcome {
        var result = EngineEvent.Outcome.succeeded
        for op in opsOfChange[index] {
            switch status[op] {
            case .failed: return .failed(errors[op] ?? ProviderError(.fatal, "failed", address: nil))
            case .skipped: result = .skipped(because: skipCauses[op] ?? walker.plan.changes[index].address)
            case .notStarted, .waiting, .queued, .running: if result == .succeeded { result = .notStarted }
            case .done: break
            }
        }
        return result
    }

    private func emitProgress() {
        let total = walker.graph.count
        walker.tracer.emit(.progress(.init(done: doneCount, failed: failedCount, inFlight: running,
                                           remaining: total - doneCount - failedCount, total: total,
                                           elapsed: Tracer.seconds(since: clock))))
    }

    // MARK: Finishing

    /// Marks what never ran and assembles the result.
    mutating func finish() -> ApplyWalker.Result {
        var interrupted = false
        for op in status.indices {
            switch status[op] {
            case .waiting, .queued, .running, .notStarted:
                if status[op] != .notStarted { status[op] = .notStarted }
                interrupted = true
            default: break
            }
        }
        result.interrupted = interrupted && cancelled
        for (index, change) in walker.plan.changes.enumerated() where !opsOfChange[index].isEmpty {
            let outcome = outcome(ofChange: index)
            if outcome == .notStarted, finishedOps[index] < opsOfChange[index].count {
                walker.tracer.emit(.didFinish(address: change.address, action: change.action, outcome: outcome))
            }
            result.outcomes.append(ApplyReport.Outcome(
                address: change.address, action: change.action, result: outcome,
                id: result.puts[change.address]?.id ?? (change.action == .delete ? nil : change.priorID),
                attempts: opsOfChange[index].reduce(0) { $0 + attempts[$1] }))
        }
        for (provider, limit) in limits where calls[provider, default: 0] > 0 || limit.throttles > 0 {
            result.concurrency[provider] = ApplyReport.Concurrency(
                maximum: limit.maximum, lowest: limit.lowest, final: limit.current,
                highestInFlight: limit.highestInFlight, throttledCalls: limit.throttles,
                calls: calls[provider, default: 0])
        }
        return result
    }
}
