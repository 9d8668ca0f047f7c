import GantryBasics
import GantryProviderKit
import GantryState

/// Compares the desired resources with (refreshed) state and asks each provider how to
/// get from one to the other.
///
/// Resources are planned level by level in dependency order, one batched `plan` call per
/// provider per level, so a reference to a resource that is itself changing is known to
/// be unknown (and may in turn force a replacement) — as in Terraform.
struct Planner {
    let providers: [String: any Provider]
    let tracer: Tracer

    /// What to plan from.
    struct Input {
        var desired: [ResourceConfig]
        var state: StateDocument?
        var options: PlanOptions
        var destroy: Bool
        /// Every recorded resource already read back (`Engine.plan` reads while the
        /// providers lower); nil: the planner reads what is in scope itself.
        var refreshed: Refresher.Result? = nil
    }

    func plan(_ input: Input) async throws(EngineError) -> Plan {
        let state = input.state
        let prior = state?.resources ?? []
        let pending = state?.pendingCreates ?? []
        // Resources come in runs of one provider: a name is hashed only where a run starts.
        var providerNames = Set<String>()
        var lastName: String?
        func addProvider(_ name: String) {
            if name != lastName { providerNames.insert(name) }
            lastName = name
        }
        for index in input.desired.indices { addProvider(input.desired[index].provider) }
        for index in prior.indices { addProvider(prior[index].provider) }
        for index in pending.indices { addProvider(pending[index].provider) }
        if let missing = providerNames.sorted().first(where: { providers[$0] == nil }) {
            let user = input.desired.first { $0.provider == missing }?.address
                ?? prior.first { $0.provider == missing }?.address ?? pending.first { $0.provider == missing }?.address
            throw .unknownProvider(name: missing, address: user)
        }
        let schemas = try await SchemaSet.load(for: providerNames, from: providers)

        // Computed once: walking every attribute for references is the costliest part of a no-op plan.
        let dependencies = input.desired.map(\.dependencies)
        let scope = try PlanScope(desired: input.desired, dependencies: dependencies, prior: prior,
                                  options: input.options, destroy: input.destroy)

        // Refresh what is in scope; resources gone from the cloud drop out of `current`.
        var current = CurrentResources()
        var drift: [DriftEntry] = []
        // Read-back beside lowering happens only for unfiltered plans, where all is in scope.
        let inScopePrior = scope.isFiltered ? prior.filter { scope.contains($0.address) } : prior
        if input.options.refresh && !inScopePrior.isEmpty {
            let refreshed: Refresher.Result
            if let done = input.refreshed {
                refreshed = done
            } else {
                refreshed = try await Refresher(providers: providers, schemas: schemas, tracer: tracer,
                                                options: input.options).refresh(inScopePrior)
            }
            drift = refreshed.drift
            current = CurrentResources(refreshed.resources)
            if scope.isFiltered {
                for resource in prior where !scope.contains(resource.address) { current.set(resource) }
            }
        } else {
            current = CurrentResources(prior)
        }

        // A create in flight when Gantry died may exist in the cloud: adopt it by its tag.
        let adoption = try await PendingCreateAdoption.adopt(
            pending.filter {
                current.position(of: $0.address) == nil && (scope.contains($0.address) || !scope.isFiltered)
            },
            providers: providers, schemas: schemas, tracer: tracer, retry: input.options.retry)
        for resource in adoption.found { current.set(resource) }

        var changes: [ResourceChange] = []
        var diagnostics: [Diagnostic] = []
        var wanted = Array(repeating: false, count: current.records.count)
        if !input.destroy {
            let planned = try await planDesired(input.desired, dependencies: dependencies, scope: scope,
                                                current: current, schemas: schemas, options: input.options)
            changes = Self.propagatingCreateBeforeDestroy(planned.changes)
            diagnostics = planned.diagnostics
            wanted = planned.wanted
        }
        // Recorded resources (refreshed or just adopted) no desired resource claims are
        // deleted. Found by position: looking each address up again was measurable on 10,000.
        for position in current.records.indices where !wanted[position] {
            let address = current.records[position].address
            guard scope.contains(address) || adoption.foundAddresses.contains(address) else { continue }
            changes.append(deletion(of: current.records[position], schemas: schemas))
        }
        if !adoption.ids.isEmpty {
            for index in changes.indices {
                if let id = adoption.ids[changes[index].address] { changes[index].adoptedID = id }
            }
        }
        changes.sort { $0.address < $1.address }
        var plan = Plan(stateSerial: state?.serial ?? 0, stateLineage: state?.lineage, isDestroy: input.destroy,
                        changes: changes, drift: drift, diagnostics: diagnostics,
                        resolvedPendingCreates: adoption.checked.sorted())
        plan.stateFingerprint = Engine.uncommittedFingerprint(state)
        return plan
    }

    private struct Planned {
        var changes: [ResourceChange] = []
        var diagnostics: [Diagnostic] = []
        /// For each record of the current resources, whether a desired resource has its address.
        var wanted: [Bool]
    }

    /// The change deleting `resource`.
    private func deletion(of resource: ResourceState, schemas: SchemaSet) -> ResourceChange {
        ResourceChange(
            address: resource.address, type: resource.type, name: resource.address.resourceName,
            provider: resource.provider, origin: resource.origin, action: .delete, priorID: resource.id,
            before: resource.attributes, after: nil, dependencies: resource.dependencies,
            sensitive: schemas.type(resource.type, provider: resource.provider).sensitive)
    }

    /// Plans every desired resource in scope, level by level.
    private func planDesired(_ desired: [ResourceConfig], dependencies: [[ResourceAddress]], scope: PlanScope,
                             current: CurrentResources, schemas: SchemaSet,
                             options: PlanOptions) async throws(EngineError) -> Planned {
        var result = Planned(wanted: Array(repeating: false, count: current.records.count))
        result.changes.reserveCapacity(desired.count)
        // What each desired resource will be after apply, by its index in `desired`, for the
        // references to it. An array rather than a dictionary by address: 10,000 inserts
        // hashed every address once more for nothing.
        var after: [[String: Value]?] = Array(repeating: nil, count: desired.count)
        for level in scope.desiredLevels {
            var requests: [String: [PlanRequest]] = [:]
            var proposedByAddress: [ResourceAddress: [String: Value]] = [:]
            for index in level {
                let config = desired[index]
                let prior = current.position(of: config.address)
                if let prior { result.wanted[prior] = true }
                guard scope.contains(config.address) else {
                    if let prior { after[index] = current.records[prior].attributes }
                    continue
                }
                let schema = schemas.type(config.type, provider: config.provider)
                if schema.unchangedIsNoOp, schema.sensitive.isEmpty, let prior,
                   Self.isUnchanged(config.attributes, prior: current.records[prior].attributes,
                                    computed: schema.computed,
                                    resolving: { resolve($0, after: after, current: current, scope: scope) }) {
                    // Without secrets the prior attributes are compared as recorded, and the
                    // proposed ones resolved one by one as compared: most resources of a big
                    // plan end here, and building their proposed dictionaries was measurable.
                    let attributes = current.records[prior].attributes
                    after[index] = attributes
                    result.changes.append(Self.noOp(config, dependencies: dependencies[index], attributes: attributes,
                                                    priorID: current.records[prior].id, schema: schema))
                    continue
                }
                // Only values with references change; the others keep the dictionary shared.
                var proposed = config.attributes
                for (key, value) in config.attributes where value.containsUnknown {
                    proposed[key] = resolve(value, after: after, current: current, scope: scope)
                }
                let priorAttributes = prior.map {
                    Secrets.unredacted(current.records[$0].attributes, using: proposed, sensitive: schema.sensitive)
                }
                // With secrets, compared once the recorded digests are unredacted (see above for without).
                if schema.unchangedIsNoOp, !schema.sensitive.isEmpty, let prior, let priorAttributes,
                   Self.isUnchanged(proposed, prior: priorAttributes, computed: schema.computed) {
                    // The provider's answer is known (`ResourceTypeSchema.unchangedIsNoOp`): no call.
                    // Nothing else in this level depends on it, so its `after` may be set now.
                    after[index] = priorAttributes
                    result.changes.append(Self.noOp(config, dependencies: dependencies[index],
                                                    attributes: priorAttributes, priorID: current.records[prior].id,
                                                    schema: schema))
                    continue
                }
                proposedByAddress[config.address] = proposed
                requests[config.provider, default: []].append(
                    PlanRequest(address: config.address, type: config.type, prior: priorAttributes,
                                proposed: proposed))
            }
            guard !requests.isEmpty else { continue }
            let responses = try await callPlan(requests, batchSize: options.planBatchSize, retry: options.retry)
            for index in level {
                let config = desired[index]
                guard let proposed = proposedByAddress[config.address] else { continue }
                guard let response = responses[config.address] else {
                    result.diagnostics.append(.error(
                        "provider-plan", "provider '\(config.provider)' returned no plan for \(config.address)",
                        at: config.location, path: config.address.rawValue))
                    continue
                }
                result.diagnostics.append(contentsOf: response.diagnostics)
                let change = decide(config, dependencies: dependencies[index], proposed: proposed, response: response,
                                    prior: current[config.address],
                                    schema: schemas.type(config.type, provider: config.provider))
                after[index] = change.after
                result.changes.append(change)
            }
        }
        return result
    }

    /// Whether `proposed` asks nothing of a resource whose attributes are `prior`: every
    /// proposed attribute equals the prior one (so none is unknown) and no prior argument
    /// was dropped. Computed attributes are the cloud's and do not count.
    ///
    /// - Parameter resolving: turns a proposed value with references into what it resolves to;
    ///   `proposed` may then be a config's attributes, resolved only as far as compared.
    static func isUnchanged(_ proposed: [String: Value], prior: [String: Value], computed: Set<String>,
                            resolving: (Value) -> Value = { $0 }) -> Bool {
        for (key, value) in proposed where !computed.contains(key) {
            guard prior[key] == (value.containsUnknown ? resolving(value) : value) else { return false }
        }
        return !prior.keys.contains { !computed.contains($0) && proposed[$0] == nil }
    }

    /// The change of a resource `isUnchanged` found unchanged, for a type whose provider
    /// would plan exactly its prior attributes (`unchangedIsNoOp`).
    ///
    /// It is what `decide` makes of that answer, built directly: with `attributes` planned,
    /// the unredacted prior equals `attributes`, no computed attribute is missing from it,
    /// and no force-new attribute differs, so before and after are `attributes` and the
    /// action is a no-op. Most resources of a big plan take this path.
    static func noOp(_ config: ResourceConfig, dependencies: [ResourceAddress], attributes: [String: Value],
                     priorID: String, schema: ResourceTypeSchema) -> ResourceChange {
        ResourceChange(
            address: config.address, type: config.type, name: config.name, provider: config.provider,
            origin: config.origin, action: .noOp, priorID: priorID, before: attributes, after: attributes,
            config: config.attributes, dependencies: dependencies, sensitive: schema.sensitive,
            location: config.location)
    }

    /// A resource replaced new-first needs what it depends on to exist until its old self
    /// is gone, so a dependency being replaced delete-first is replaced new-first too (as
    /// Terraform does); otherwise the two orders would wait on each other.
    static func propagatingCreateBeforeDestroy(_ changes: [ResourceChange]) -> [ResourceChange] {
        // By index: a closure over the elements copied each 16-field change to read its action.
        guard changes.indices.contains(where: { changes[$0].action == .createThenDelete }) else { return changes }
        var changes = changes
        var index: [ResourceAddress: Int] = [:]
        for (i, change) in changes.enumerated() { index[change.address] = i }
        var work = changes.indices.filter { changes[$0].action == .createThenDelete }
        while let next = work.popLast() {
            for dependency in changes[next].dependencies {
                guard let d = index[dependency], changes[d].action == .deleteThenCreate else { continue }
                changes[d].action = .createThenDelete
                work.append(d)
            }
        }
        return changes
    }

    /// A value with references to other resources replaced by their planned values, or
    /// `.unknown` where those are known only after apply.
    ///
    /// - Parameter after: the planned attributes of each desired resource planned so far,
    ///   by index in the desired resources (`PlanScope.desiredIndex(of:)`).
    private func resolve(_ value: Value, after: [[String: Value]?], current: CurrentResources,
                         scope: PlanScope) -> Value {
        switch value {
        case .reference(let ref):
            let attributes = scope.desiredIndex(of: ref.address).flatMap { after[$0] }
                ?? current.attributes(at: ref.address)
            return attributes?[ref.attribute] ?? .unknown
        case .template(let parts):
            return .interpolated(parts.map { resolve($0, after: after, current: current, scope: scope) })
        case .array(let items) where value.containsUnknown:
            return .array(items.map { resolve($0, after: after, current: current, scope: scope) })
        case .object(let members) where value.containsUnknown:
            return .object(members.mapValues { resolve($0, after: after, current: current, scope: scope) })
        default:
            return value
        }
    }

    /// Batched `plan` calls per provider, chunked by `batchSize`; the chunks of a level go
    /// out together, so a plugin answers one while Gantry encodes or decodes another.
    private func callPlan(_ requests: [String: [PlanRequest]], batchSize: Int,
                          retry: RetryPolicy) async throws(EngineError)
        -> [ResourceAddress: PlanResponse]
    {
        var chunks: [(provider: String, requests: [PlanRequest])] = []
        for name in requests.keys.sorted() {
            guard providers[name] != nil, let all = requests[name] else {
                throw .unknownProvider(name: name, address: requests[name]?.first?.address)
            }
            for start in stride(from: 0, to: all.count, by: max(1, batchSize)) {
                chunks.append((name, Array(all[start..<min(all.count, start + max(1, batchSize))])))
            }
        }
        var responses: [ResourceAddress: PlanResponse] = [:]
        do {
            try await withThrowingTaskGroup(of: [PlanResponse].self) { group in
                for (name, chunk) in chunks {
                    guard let provider = providers[name] else { continue }
                    group.addTask {
                        do {
                            return try await tracer.providerCall(
                                retrying: retry, provider: name, method: "plan", type: nil,
                                addresses: chunk.count == 1 ? [chunk[0].address] : [], count: chunk.count
                            ) { try await provider.plan(chunk) }
                        } catch {
                            throw EngineError.providerFailed(provider: name, operation: "plan",
                                                             error: ProviderError.wrap(error))
                        }
                    }
                }
                for try await answers in group {
                    for answer in answers { responses[answer.address] = answer }
                }
            }
        } catch let error as EngineError {
            throw error
        } catch {
            throw .providerFailed(provider: "?", operation: "plan", error: ProviderError.wrap(error))
        }
        return responses
    }

    /// The action for one desired resource, from the provider's verdict and the schema.
    func decide(_ config: ResourceConfig, dependencies: [ResourceAddress], proposed: [String: Value],
                response: PlanResponse,
                prior: ResourceState?, schema: ResourceTypeSchema) -> ResourceChange {
        var change = ResourceChange(
            address: config.address, type: config.type, name: config.name, provider: config.provider,
            origin: config.origin, action: .create, priorID: prior?.id, before: nil, after: response.planned,
            config: config.attributes, dependencies: dependencies, sensitive: schema.sensitive,
            location: config.location)
        guard let prior else {
            var after = response.planned
            for key in schema.computed where after[key] == nil { after[key] = .unknown }
            change.after = after
            return change
        }
        let before = Secrets.unredacted(prior.attributes, using: response.planned, sensitive: schema.sensitive)
        var after = response.planned
        for key in schema.computed where after[key] == nil {
            if let value = before[key] { after[key] = value }
        }
        change.before = before
        var reasons = Set(response.requiresReplace)
        for key in schema.forceNew where before[key] != after[key] && !(after[key] == nil && !proposed.keys.contains(key)) {
            reasons.insert(key)
        }
        if !reasons.isEmpty {
            change.action = schema.createBeforeDestroy ? .createThenDelete : .deleteThenCreate
            change.replaceReasons = reasons.sorted()
            // The new resource gets new computed values (its id above all).
            for key in schema.computed where proposed[key] == nil { after[key] = .unknown }
        } else {
            change.action = before == after ? .noOp : .update
        }
        change.after = after
        return change
    }
}

extension ResourceAddress {
    /// The last segment: `main` in `node_pools.x.sim_node_group.main`.
    var resourceName: String {
        guard let dot = rawValue.lastIndex(of: ".") else { return rawValue }
        return String(rawValue[rawValue.index(after: dot)...])
    }

    /// The type segment: `sim_node_group` in `node_pools.x.sim_node_group.main`.
    var typeSegment: String? {
        let parts = rawValue.split(separator: ".")
        return parts.count >= 2 ? String(parts[parts.count - 2]) : nil
    }
}
