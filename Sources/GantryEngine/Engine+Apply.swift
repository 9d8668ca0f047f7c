import GantryBasics
import GantryProviderKit
import GantryState

extension Engine {
    /// Applies a plan: runs its changes through the providers, journals every step and
    /// commits the new state (serial + 1).
    ///
    /// Failures of single resources do not throw: their dependents are skipped, everything
    /// independent continues, and the report lists each outcome. When
    /// `options.cancellation` is tripped, no new call starts; calls in flight finish and
    /// are recorded, and the report's status is `.interrupted`.
    /// - Throws: `EngineError.stalePlan` when the state changed since the plan was made,
    ///   `.planHasErrors`, `.stateFailed` when the final commit fails (the journal still
    ///   holds every finished step).
    public func apply(_ plan: Plan, options: ApplyOptions = ApplyOptions()) async throws(EngineError) -> ApplyReport {
        if plan.diagnostics.hasErrors { throw .planHasErrors(plan.diagnostics) }
        for change in plan.changes where providers[change.provider] == nil {
            throw .unknownProvider(name: change.provider, address: change.address)
        }
        let state = try await loadState()
        try Self.checkFresh(plan, against: state)
        let clock = ContinuousClock.now
        let graph = try OperationGraph(changes: plan.changes, state: state)
        var options = options
        let fleet = try await fleetFailover(for: plan, state: state, options: options)
        if let fleet { options.capacityFailover = fleet }

        let operation: EngineEvent.Operation = plan.isDestroy ? .destroy : .apply
        let walked = try await run(operation, resources: graph.count) { tracer throws(EngineError) in
            // Adopted creates exist already: record them before anything else runs.
            let adopted = plan.changes.filter { $0.adoptedID != nil && $0.action == .noOp }.compactMap(Self.adoptedRecord)
            if !adopted.isEmpty { try await journal(adopted.map { .put($0) }) }
            var recorded: [ResourceAddress: [String: Value]] = [:]
            for resource in state?.resources ?? [] { recorded[resource.address] = resource.attributes }
            for change in plan.changes where change.action == .noOp {
                if let before = change.before { recorded[change.address] = before }
            }
            let walker = ApplyWalker(plan: plan, graph: graph, providers: providers, store: store,
                                     options: options, tracer: tracer, recorded: recorded)
            var result = await walker.run()
            for record in adopted { result.puts[record.address] = result.puts[record.address] ?? record }
            return result
        }

        var document = Self.nextDocument(after: state, plan: plan, walked: walked)
        var outcomes = walked.outcomes
        var placements: [PoolLanding] = []
        if let fleet {
            placements = await Self.settleFleet(fleet, document: &document, outcomes: &outcomes,
                                                created: walked.puts.mapValues(\.attributes))
        } else {
            Self.prunePlacements(&document)
        }
        if let state, document.resources == state.resources, document.metadata == state.metadata {
            // Nothing to record: keep the serial, so saved plans and other readers stay valid.
            document = state
        } else {
            do {
                try await store.commit(document)
            } catch {
                throw .stateFailed(operation: "commit the new state (every finished step is in the journal and "
                                   + "will be replayed on the next run)", message: String(describing: error))
            }
        }
        for change in plan.changes where change.adoptedID != nil && change.action == .noOp {
            outcomes.append(.init(address: change.address, action: .noOp, result: .succeeded, id: change.adoptedID,
                                  attempts: 0))
        }
        outcomes.sort { $0.address < $1.address }
        let failed = outcomes.contains { $0.result != .succeeded }
        var report = ApplyReport(
            status: walked.interrupted ? .interrupted : failed ? .partial : .succeeded, outcomes: outcomes,
            concurrency: walked.concurrency, stateSerial: document.serial,
            elapsed: Tracer.seconds(since: clock), warnings: walked.warnings)
        report.placements = placements
        return report
    }

    /// Refuses a plan made against another state or an older serial of this one.
    ///
    /// A state rebuilt from a crashed first apply's journal has serial 0 and no lineage of
    /// its own yet (each load makes one up), so there the recorded resources are compared.
    static func checkFresh(_ plan: Plan, against state: StateDocument?) throws(EngineError) {
        let serial = state?.serial ?? 0
        let lineage = state?.lineage
        if serial == 0 && plan.stateSerial == 0 {
            guard plan.stateFingerprint == uncommittedFingerprint(state) else {
                throw .stalePlan(planSerial: 0, planLineage: nil, stateSerial: 0, stateLineage: nil)
            }
            return
        }
        guard plan.stateSerial == serial, plan.stateLineage == lineage else {
            throw .stalePlan(planSerial: plan.stateSerial, planLineage: plan.stateLineage,
                             stateSerial: serial, stateLineage: lineage)
        }
    }

    /// A digest of the resources and pending creates of a never-committed state (serial 0);
    /// nil when there is no state or it has been committed.
    static func uncommittedFingerprint(_ state: StateDocument?) -> String? {
        guard let state, state.serial == 0 else { return nil }
        var text = ""
        for resource in state.resources { text += "\(resource.address.rawValue)=\(resource.id)\n" }
        for pending in state.pendingCreates { text += "pending \(pending.address.rawValue)=\(pending.token)\n" }
        return SHA256.hex(SHA256.hash(text))
    }

    private static func adoptedRecord(_ change: ResourceChange) -> ResourceState? {
        guard let id = change.adoptedID, let attributes = change.before else { return nil }
        return ResourceState(address: change.address, type: change.type, provider: change.provider, id: id,
                             attributes: Secrets.redacted(attributes, sensitive: change.sensitive),
                             dependencies: change.dependencies,
                             sensitivePaths: Secrets.paths(change.sensitive, in: attributes),
                             origin: change.origin)
    }

    /// The state after an apply: the old one with refresh results, the walk's records and
    /// removals, and the pending-create bookkeeping settled.
    static func nextDocument(after state: StateDocument?, plan: Plan, walked: ApplyWalker.Result) -> StateDocument {
        var resources: [ResourceAddress: ResourceState] = [:]
        for resource in state?.resources ?? [] { resources[resource.address] = resource }
        for entry in plan.drift where entry.kind == .deleted { resources[entry.address] = nil }
        for change in plan.changes where change.action == .noOp {
            if let before = change.before, var record = resources[change.address] {
                record.attributes = Secrets.redacted(before, sensitive: change.sensitive)
                resources[change.address] = record
            }
        }
        for address in walked.removals { resources[address] = nil }
        for (address, record) in walked.puts { resources[address] = record }

        var metadata = state?.metadata ?? [:]
        var pending = metadata[StateDocument.pendingCreatesKey]?.objectValue ?? [:]
        for address in plan.resolvedPendingCreates { pending[address.rawValue] = nil }
        for address in walked.puts.keys { pending[address.rawValue] = nil }
        for create in walked.unresolvedCreates where walked.puts[create.address] == nil {
            pending[create.address.rawValue] = .object([
                "type": .string(create.type), "provider": .string(create.provider),
                "token": .string(create.token),
            ])
        }
        if pending.isEmpty {
            metadata.removeValue(forKey: StateDocument.pendingCreatesKey)
        } else {
            metadata[StateDocument.pendingCreatesKey] = .object(pending)
        }

        return StateDocument(
            version: StateDocument.currentVersion, serial: (state?.serial ?? 0) + 1,
            lineage: state?.lineage ?? StateDocument.new().lineage,
            resources: resources.values.sorted { $0.address < $1.address }, metadata: metadata)
    }

    func journal(_ entries: [JournalEntry]) async throws(EngineError) {
        do {
            try await store.append(entries)
        } catch {
            throw .stateFailed(operation: "append to the journal", message: String(describing: error))
        }
    }
}
