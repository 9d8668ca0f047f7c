import GantryBasics
import GantryProviderKit
import GantryState

/// The mutable state of one apply walk, owned by the driver task of `ApplyWalker.run`.
/// (Results handling is in `WalkState+Results.swift`.)
///
/// `launch` starts every operation that is ready and has a concurrency slot; `handle`
/// takes one message from a child task and moves operations on. Neither waits.
struct WalkState {
    typealias Status = ApplyWalker.Status
    typealias Group = TaskGroup<ApplyWalker.Message>

    let walker: ApplyWalker
    var status: [Status]
    var remaining: [Int]
    var attempts: [Int]
    var tokens: [Int: String] = [:]
    var overrides: [Int: [String: Value]] = [:]
    var failovers: [Int: Int] = [:]
    var errors: [Int: ProviderError] = [:]
    var skipCauses: [Int: ResourceAddress] = [:]
    var queues: [ApplyWalker.QueueKey: [Int]] = [:]
    var limits: [String: AdaptiveLimit] = [:]
    var calls: [String: Int] = [:]
    /// Current attributes of every resource, for resolving references.
    var known: [ResourceAddress: [String: Value]]
    var opsOfChange: [[Int]]
    var finishedOps: [Int]
    var startedChanges = Set<Int>()
    var running = 0
    var doneCount = 0
    var failedCount = 0
    let clock = ContinuousClock.now
    /// Rollouts of node groups replaced step by step, by change index.
    let rollouts: [Int: RolloutPlan]
    /// Child tasks not yet collected (provider calls, backoff timers, failover decisions).
    var pending = 0
    var result = ApplyWalker.Result()

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
        var rollouts: [Int: RolloutPlan] = [:]
        for (index, change) in walker.plan.changes.enumerated() { rollouts[index] = RolloutPlan.make(for: change) }
        self.rollouts = rollouts
        for (provider, _) in walker.providers {
            limits[provider] = AdaptiveLimit(maximum: walker.options.maxConcurrency(for: provider),
                                             initial: walker.options.initialConcurrency)
        }
        for op in 0..<graph.count where remaining[op] == 0 { enqueue(op) }
    }

    var cancelled: Bool { walker.options.cancellation?.isCancelled ?? false }

    func change(of op: Int) -> ResourceChange { walker.plan.changes[walker.graph.operations[op].change] }

    mutating func enqueue(_ op: Int) {
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
                // Node groups with a rollout are replaced step by step, each on its own.
                let taken = Array(queue.prefix(take))
                let stepped = taken.filter { rollouts[walker.graph.operations[$0].change] != nil
                    && walker.graph.operations[$0].kind == .create }
                for op in stepped { startRollout(op, into: &group) }
                let plain = stepped.isEmpty ? taken : taken.filter { !stepped.contains($0) }
                if !plain.isEmpty, let batch = makeBatch(key, operations: plain) {
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
            guard let (template, request) = prepare(op) else { continue }
            ops.append(op)
            templates.append(template)
            switch request {
            case .create(let r): creates += r
            case .update(let r): updates += r
            case .delete(let r): deletes += r
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

    /// Marks an operation running and builds its record template and request; nil when
    /// its attributes cannot be resolved (it is failed then).
    mutating func prepare(_ op: Int) -> (RecordTemplate, CallBatch.Requests)? {
        let change = change(of: op)
        let kind = walker.graph.operations[op].kind
        var attributes: [String: Value] = [:]
        if kind != .delete {
            switch resolvedAttributes(change) {
            case .success(let resolved):
                attributes = resolved
                // A failover's attributes are written over the resolved ones; a null removes the key.
                for (key, value) in overrides[op] ?? [:] {
                    if value.isNull { attributes.removeValue(forKey: key) } else { attributes[key] = value }
                }
            case .failure(let error):
                fail(op, error)
                return nil
            }
        }
        attempts[op] += 1
        status[op] = .running
        let changeIndex = walker.graph.operations[op].change
        if startedChanges.insert(changeIndex).inserted {
            walker.tracer.emit(.willStart(address: change.address, action: change.action))
        }
        let template = RecordTemplate(
            address: change.address, type: change.type, provider: change.provider,
            dependencies: change.dependencies, origin: change.origin, sensitive: change.sensitive,
            deleteRemovesRecord: change.action != .createThenDelete)
        switch kind {
        case .create:
            let token = tokens[op] ?? SpanRecorder.randomHex(bytes: 16)
            tokens[op] = token
            return (template, .create([CreateRequest(address: change.address, type: change.type, attributes: attributes,
                                                     intentToken: token)]))
        case .update:
            return (template, .update([UpdateRequest(address: change.address, type: change.type, id: change.priorID ?? "",
                                                     prior: change.before ?? [:], attributes: attributes)]))
        case .delete:
            return (template, .delete([DeleteRequest(address: change.address, type: change.type, id: change.priorID ?? "",
                                                     attributes: change.before ?? [:])]))
        }
    }

    mutating func start(_ batch: CallBatch, into group: inout Group) {
        running += batch.operations.count
        pending += 1
        let walker = self.walker
        group.addTask { await walker.execute(batch) }
    }

    /// The attributes to send: planned values with references resolved from finished
    /// dependencies; values the cloud computes are left out.
    func resolvedAttributes(_ change: ResourceChange) -> Swift.Result<[String: Value], ProviderError> {
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
        case .template(let parts): return .interpolated(parts.map { resolve($0, missing: &missing) })
        case .array(let items): return .array(items.map { resolve($0, missing: &missing) })
        case .object(let members): return .object(members.mapValues { resolve($0, missing: &missing) })
        default: return value
        }
    }
}
