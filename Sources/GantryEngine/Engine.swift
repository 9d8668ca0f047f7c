import GantryBasics
import GantryProviderKit
import GantryState

/// Gantry's engine: plans changes from intent and state, and applies them through providers.
///
/// The CLI and the reconcile service are thin shells over these calls. The caller takes
/// the state lock before calling and releases it after; the engine only loads, journals
/// and commits. Nothing here prints: progress goes to the `EngineObserver`, timing to the
/// `SpanRecorder`.
///
/// ```swift
/// let engine = Engine(providers: ["sim": sim], store: store, observer: progress)
/// let plan = try await engine.plan(intents, options: PlanOptions())
/// print(PlanTextRenderer().render(plan))
/// let report = try await engine.apply(plan, options: ApplyOptions(maxConcurrency: 64))
/// ```
public struct Engine: Sendable {
    public let providers: [String: any Provider]
    public let store: any StateStore
    public let observer: (any EngineObserver)?
    /// Where spans go; nil records none.
    public let spans: SpanRecorder?
    /// What becomes of the state and read-back resources once a plan is made from them.
    public let disposal: Disposal

    public init(providers: [String: any Provider], store: any StateStore, observer: (any EngineObserver)? = nil,
                spans: SpanRecorder? = nil, disposal: Disposal = .release) {
        self.providers = providers
        self.store = store
        self.observer = observer
        self.spans = spans
        self.disposal = disposal
    }

    var tracer: Tracer { Tracer(observer: observer, recorder: spans) }

    /// Plans the changes that make the cloud match `intents`.
    ///
    /// Lowers the intents through their providers, refreshes recorded resources (unless
    /// `options.refresh` is false) and diffs. Drift is reported separately from changes.
    /// - Throws: `EngineError.invalidConfiguration` when lowering finds errors (each
    ///   diagnostic names the item and its location), `.dependencyCycle`, provider and
    ///   state failures.
    public func plan(_ intents: [IntentItem], options: PlanOptions = PlanOptions()) async throws(EngineError) -> Plan {
        // The state loads, and the cloud is read back, while the providers lower: neither
        // needs the other, and through a plugin each side then works while the other waits.
        async let loading = loadAndReadBack(options)
        let resources = try await lower(intents)
        let (state, refreshed) = try await loading.get()
        // Node pools: rank offers and pick (or keep) each pool's placement before the diff.
        let fleet = FleetPlanner(now: options.now ?? Self.now()).prepare(resources.resources, intents: intents, state: state)
        let plan = try await plan(resources: fleet.resources, lowering: resources.diagnostics + fleet.diagnostics,
                                  options: options, state: state, refreshed: refreshed)
        disposal.dispose((state, refreshed, resources.resources))
        return await forecastFleet(plan, pools: fleet.pools, resources: fleet.resources)
    }

    /// Plans from already lowered resources (references between resources only), for
    /// callers that lower themselves, such as `gantry graph` or tests.
    public func plan(resources: [ResourceConfig], options: PlanOptions = PlanOptions()) async throws(EngineError)
        -> Plan
    {
        try await plan(resources: resources, lowering: [], options: options, state: loadState())
    }

    /// Lowers intents into provider resources with resource-level references.
    /// - Returns: the resources and any warnings; errors are thrown.
    public func lower(_ intents: [IntentItem]) async throws(EngineError) -> (resources: [ResourceConfig],
                                                                               diagnostics: [Diagnostic])
    {
        let result = try await Lowering(providers: providers, tracer: tracer, disposal: disposal).lower(intents)
        if result.diagnostics.hasErrors { throw .invalidConfiguration(result.diagnostics.sortedByLocation()) }
        return (result.resources, result.diagnostics)
    }

    /// Plans deleting every recorded resource (or, with targets, those and their dependents),
    /// dependents before what they depend on.
    public func planDestroy(options: PlanOptions = PlanOptions()) async throws(EngineError) -> Plan {
        let state = try await loadState()
        return try await run(.destroy, resources: state?.resources.count ?? 0) { tracer throws(EngineError) in
            try await Planner(providers: providers, tracer: tracer)
                .plan(.init(desired: [], state: state, options: options, destroy: true))
        }
    }

    private func plan(resources: [ResourceConfig], lowering: [Diagnostic], options: PlanOptions,
                      state: StateDocument?, refreshed: Refresher.Result? = nil) async throws(EngineError) -> Plan
    {
        var plan = try await run(.plan, resources: resources.count) { tracer throws(EngineError) in
            try await Planner(providers: providers, tracer: tracer)
                .plan(.init(desired: resources, state: state, options: options, destroy: false, refreshed: refreshed))
        }
        plan.diagnostics = lowering + plan.diagnostics
        return plan
    }

    /// Runs `body` inside the operation's span, keeping the engine's one error type.
    func run<T>(_ operation: EngineEvent.Operation, resources: Int,
                _ body: (Tracer) async throws(EngineError) -> T) async throws(EngineError) -> T {
        do {
            return try await tracer.operation(operation, resources: resources) { tracer in
                try await body(tracer)
            }
        } catch let error as EngineError {
            throw error
        } catch {
            throw .internalError("unexpected \(type(of: error)): \(error)")
        }
    }

    /// The state and, when the plan will read back every recorded resource (refresh on, no
    /// target or exclude), those reads — as a value, for `async let` (which cannot keep a
    /// typed error). Resources of providers not configured are left to the planner, which
    /// reports them by address.
    private func loadAndReadBack(_ options: PlanOptions) async
        -> Result<(StateDocument?, Refresher.Result?), EngineError>
    {
        do {
            let state = try await loadState()
            guard options.refresh, options.targets.isEmpty, options.excludes.isEmpty,
                  let prior = state?.resources, !prior.isEmpty,
                  prior.allSatisfy({ providers[$0.provider] != nil }) else { return .success((state, nil)) }
            return .success((state, try await readBack(prior, options: options, tracer: tracer)))
        } catch {
            return .failure(error)
        }
    }

    func loadState() async throws(EngineError) -> StateDocument? {
        do {
            return try await store.load()
        } catch {
            throw .stateFailed(operation: "load the state", message: String(describing: error))
        }
    }
}
