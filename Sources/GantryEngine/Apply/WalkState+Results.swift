import GantryBasics
import GantryProviderKit
import GantryState

extension WalkState {
    // MARK: Handling results

    mutating func handle(_ message: ApplyWalker.Message, group: inout Group) {
        switch message {
        case .finished(let batch, let results, let records, let warnings):
            result.warnings.append(contentsOf: warnings)
            if !records.isEmpty {
                // Journaled alongside the dependents' intents (one group-committed fsync),
                // not before them.
                pending += 1
                let walker = self.walker
                group.addTask { .journaled(warning: await walker.journal(records)) }
            }
            finished(batch, results, group: &group)
        case .journaled(let warning):
            if let warning { result.warnings.append(warning) }
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
        if batch.holdsSlot {
            if throttled { limits[batch.provider]?.throttled(startedIn: batch.epoch) }
            else if allGood { limits[batch.provider]?.succeeded() }
            else { limits[batch.provider]?.released() }
        }

        var byAddress: [ResourceAddress: OperationResult] = [:]
        for outcome in results {
            switch outcome {
            case .success(let snapshot): byAddress[snapshot.address] = outcome
            case .deleted(let address), .failure(let address, _): byAddress[address] = outcome
            }
        }
        var retries: [Int] = []
        var retryAttempt = 1
        var retryAfter = 0.0
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
                retryAfter = max(retryAfter, error.retryAfter ?? 0)
            case .failure(_, let error) where error.code == .capacity && batch.method == "create"
                && walker.options.capacityFailover != nil:
                status[op] = .waiting
                askFailover(op, error: error, group: &group)
            case .failure(_, let error):
                if batch.method == "delete" && !template.deleteRemovesRecord {
                    let id = change(of: op).priorID ?? "?"
                    result.warnings.append("the old \(template.type) \(id) replaced by \(template.address) "
                                           + "could not be deleted (\(error)); Gantry no longer tracks it, "
                                           + "so delete it by hand")
                }
                if error.outcomeUnknown, batch.method == "create", let token = tokens[op] {
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
            let delay = max(walker.options.retry.delay(afterAttempt: retryAttempt), retryAfter)
            if throttled {
                walker.tracer.emit(.throttled(provider: batch.provider, addresses: retries.map { change(of: $0).address },
                                              attempt: retryAttempt, newLimit: limits[batch.provider]?.current ?? 1,
                                              delay: delay))
            }
            pending += 1
            let cancellation = walker.options.cancellation
            group.addTask {
                await Self.pause(seconds: delay, unless: cancellation)
                return .retryDue(retries)
            }
        }
    }

    /// Sleeps for a backoff, waking early when the apply is cancelled so Ctrl-C is not
    /// held up by a long pause.
    static func pause(seconds: Double, unless cancellation: CancellationSignal?) async {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if cancellation?.isCancelled == true { return }
            let left = deadline - ContinuousClock.now
            try? await Task.sleep(for: min(left, .milliseconds(50)))
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

    mutating func fail(_ op: Int, _ error: ProviderError) {
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
