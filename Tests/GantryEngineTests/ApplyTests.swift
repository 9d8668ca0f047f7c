import GantryBasics
import GantryEngine
import GantryProviderKit
import GantryState
import Testing

@Suite struct ApplyTests {
    let network = ResourceAddress("networks.train.fake_network.main")
    let pool = ResourceAddress("node_pools.gpu.fake_pool.main")

    @Test func applyCreatesEverythingAndASecondPlanIsEmpty() async throws {
        let provider = FakeProvider(), store = MemoryStore()
        let engine = Fixtures.engine(provider, store)
        let report = try await Fixtures.apply(Fixtures.networkAndPool, engine)
        #expect(report.status == .succeeded)
        #expect(report.summaryLine == "Apply complete! Resources: 2 added, 0 changed, 0 destroyed.")
        let state = try #require(await store.document)
        #expect(state.serial == 1)
        #expect(state.resources.map(\.address) == [network, pool])
        let networkID = try #require(state.resources.first?.id)
        // The reference was resolved from the network's result before the pool was created.
        #expect(state.resources.last?.attributes["network_id"] == .string(networkID))
        #expect(state.resources.last?.dependencies == [network])

        let again = try await engine.plan(resources: Fixtures.networkAndPool)
        #expect(!again.hasChanges)
    }

    @Test func everyCreateIsJournaledAsIntentThenPut() async throws {
        let provider = FakeProvider(), store = MemoryStore()
        try await Fixtures.apply(Fixtures.networkAndPool, Fixtures.engine(provider, store))
        let history = await store.history
        for address in [network, pool] {
            let intent = history.firstIndex { if case .intent(let a, _, _, _) = $0 { a == address } else { false } }
            let put = history.firstIndex { if case .put(let r) = $0 { r.address == address } else { false } }
            let order = try #require(intent.flatMap { i in put.map { (i, $0) } })
            #expect(order.0 < order.1)
        }
    }

    @Test func updateReplaceAndDeleteAreApplied() async throws {
        let provider = FakeProvider(), store = MemoryStore()
        let engine = Fixtures.engine(provider, store)
        let disk = Fixtures.resource("storage.d.fake_disk.main", "fake_disk", ["size": 10])
        try await Fixtures.apply(Fixtures.networkAndPool + [disk], engine)
        let oldDisk = try #require(await store.document?.resources.first { $0.type == "fake_disk" }?.id)

        var desired = Fixtures.networkAndPool
        desired[1].attributes["nodes"] = 8
        var bigger = disk
        bigger.attributes["size"] = 20
        let report = try await Fixtures.apply([desired[0], desired[1], bigger], engine)
        #expect(report.status == .succeeded)
        let state = try #require(await store.document)
        #expect(state.resources.first { $0.address == pool }?.attributes["nodes"] == 8)
        let newDisk = try #require(state.resources.first { $0.type == "fake_disk" })
        #expect(newDisk.id != oldDisk)
        #expect(await provider.deletedAddresses == [bigger.address])

        let shrinkPlan = try await engine.plan(resources: [desired[0], bigger])
        let shrink = try await engine.apply(shrinkPlan)
        #expect(shrink.summaryLine == "Apply complete! Resources: 0 added, 0 changed, 1 destroyed.")
        #expect(await store.document?.resources.contains { $0.address == pool } == false)
    }

    @Test func failureSkipsDependentsWhileIndependentBranchesFinish() async throws {
        let provider = FakeProvider(), store = MemoryStore()
        let broken = ResourceAddress("x.a.fake_node.main")
        await provider.set(failures: [broken: .invalid])
        let resources = [
            Fixtures.resource("x.a.fake_node.main", "fake_node"),
            Fixtures.resource("x.a-child.fake_node.main", "fake_node", ["parent": Fixtures.ref("x.a.fake_node.main")]),
            Fixtures.resource("x.b.fake_node.main", "fake_node"),
            Fixtures.resource("x.b-child.fake_node.main", "fake_node", ["parent": Fixtures.ref("x.b.fake_node.main")]),
        ]
        let report = try await Fixtures.apply(resources, Fixtures.engine(provider, store))
        #expect(report.status == .partial)
        #expect(report.failed.map(\.address) == [broken])
        #expect(report.skipped.map(\.address) == ["x.a-child.fake_node.main"])
        #expect(report.skipped.first?.result == .skipped(because: broken))
        #expect(report.succeeded.map(\.address) == ["x.b-child.fake_node.main", "x.b.fake_node.main"])
        #expect(await store.document?.resources.map(\.address) == ["x.b-child.fake_node.main", "x.b.fake_node.main"])
    }

    @Test func throttlingMakesTheLimiterBackOffAndApplyConverges() async throws {
        let provider = FakeProvider(), store = MemoryStore()
        await provider.set(throttle: 6)
        let report = try await Fixtures.apply(Fixtures.tree(60, fanOut: 3), Fixtures.engine(provider, store),
                                              options: ApplyOptions(maxConcurrency: 16, maxBatchSize: 2,
                                                                    retry: Fixtures.fastRetry))
        #expect(report.status == .succeeded)
        #expect(await store.document?.resources.count == 60)
        let limits = try #require(report.concurrency["fake"])
        #expect(limits.throttledCalls >= 1)
        #expect(limits.lowest < limits.maximum)
        #expect(await provider.createdAddresses.count == 60)
    }

    @Test func aTwoThousandNodeTreeApplies() async throws {
        let provider = FakeProvider(), store = MemoryStore()
        let engine = Fixtures.engine(provider, store)
        let report = try await Fixtures.apply(Fixtures.tree(2_000), engine)
        #expect(report.status == .succeeded)
        #expect(report.succeeded.count == 2_000)
        let state = try #require(await store.document)
        #expect(state.resources.count == 2_000)
        // Ready nodes of one type are batched: far fewer calls than resources.
        #expect(await provider.calls("create").count < 200)
        #expect(Set(await provider.createdAddresses).count == 2_000)
        let again = try await engine.plan(resources: Fixtures.tree(2_000))
        #expect(!again.hasChanges)
    }

    @Test func savedPlanIsRefusedAfterStateChanged() async throws {
        let provider = FakeProvider(), store = MemoryStore()
        let engine = Fixtures.engine(provider, store)
        let stale = try await engine.plan(resources: Fixtures.networkAndPool)
        try await Fixtures.apply([Fixtures.networkAndPool[0]], engine)
        await #expect {
            _ = try await engine.apply(stale)
        } throws: { error in
            guard case EngineError.stalePlan(let planSerial, _, let stateSerial, _) = error else { return false }
            return planSerial == 0 && stateSerial == 1 && "\(error)".contains("run `gantry plan` again")
        }
    }

    @Test func destroyDeletesDependentsFirst() async throws {
        let provider = FakeProvider(), store = MemoryStore()
        let engine = Fixtures.engine(provider, store)
        try await Fixtures.apply(Fixtures.networkAndPool, engine)
        let plan = try await engine.planDestroy()
        #expect(plan.changes.map(\.action) == [.delete, .delete])
        #expect(PlanTextRenderer().summaryLine(plan.summary) == "Plan: 0 to add, 0 to change, 2 to destroy.")
        let report = try await engine.apply(plan)
        #expect(report.status == .succeeded)
        #expect(await provider.deletedAddresses == [pool, network])
        #expect(await provider.cloud.isEmpty)
        #expect(await store.document?.resources.isEmpty == true)
    }

    @Test func cancellationLetsInFlightCallsFinishAndReportsTheRest() async throws {
        let provider = FakeProvider(), store = MemoryStore()
        let signal = CancellationSignal()
        let trip = TripOnFirstFinish(signal)
        let chain = (0..<5).map { i in
            Fixtures.resource("c.n\(i).fake_node.main", "fake_node",
                              i == 0 ? [:] : ["parent": Fixtures.ref("c.n\(i - 1).fake_node.main")])
        }
        let engine = Fixtures.engine(provider, store, observer: trip)
        let plan = try await engine.plan(resources: chain)
        let report = try await engine.apply(plan, options: ApplyOptions(cancellation: signal))
        #expect(report.status == .interrupted)
        #expect(report.succeeded.map(\.address) == ["c.n0.fake_node.main"])
        #expect(report.notStarted.count == 4)
        #expect(report.summaryLine.contains("4 change(s) did not run"))
        #expect(await store.document?.resources.map(\.address) == ["c.n0.fake_node.main"])
    }
}

/// Trips the cancellation signal when the first resource finishes, like a Ctrl-C mid-apply.
final class TripOnFirstFinish: EngineObserver {
    let signal: CancellationSignal
    init(_ signal: CancellationSignal) { self.signal = signal }
    func handle(_ event: EngineEvent) {
        if case .didFinish = event { signal.cancel() }
    }
}

@Suite struct ObservabilityTests {
    @Test func applyRecordsOneSpanPerOperationAndPerProviderCall() async throws {
        let provider = FakeProvider(), store = MemoryStore()
        let spans = SpanRecorder()
        let log = EventLog()
        let engine = Fixtures.engine(provider, store, observer: log, spans: spans)
        try await Fixtures.apply(Fixtures.networkAndPool, engine)
        let recorded = spans.spans
        let apply = try #require(recorded.first { $0.name == "apply" })
        #expect(recorded.filter { $0.name == "plan" }.count == 1)
        let creates = recorded.filter { $0.name == "provider.create" }
        #expect(creates.count == 2)
        for span in creates {
            #expect(span.parentSpanID == apply.spanID)
            #expect(span.traceID == spans.traceID)
            #expect(span.attributes["gantry.provider"] == "fake")
            #expect(span.attributes["gantry.action"] == "create")
            #expect(span.attributes["gantry.attempt"] == 1)
            #expect(span.attributes["gantry.outcome"] == "ok")
            #expect(span.attributes["gantry.address"]?.stringValue != nil)
            #expect(span.endNanos >= span.startNanos)
        }
        let finished = log.all.compactMap { event -> ResourceAddress? in
            if case .didFinish(let address, .create, .succeeded) = event { return address }
            return nil
        }
        #expect(finished == ["networks.train.fake_network.main", "node_pools.gpu.fake_pool.main"])
    }

    @Test func throttlingIsReportedWithTheLoweredLimit() async throws {
        let provider = FakeProvider(), store = MemoryStore()
        await provider.set(throttle: 1)
        let log = EventLog()
        try await Fixtures.apply([Fixtures.networkAndPool[0]], Fixtures.engine(provider, store, observer: log),
                                 options: ApplyOptions(maxConcurrency: 8, retry: Fixtures.fastRetry))
        let throttles = log.all.compactMap { event -> Int? in
            if case .throttled(_, _, _, let newLimit, _) = event { return newLimit }
            return nil
        }
        #expect(throttles == [4])
    }
}

@Suite struct NoChangeApplyTests {
    @Test func applyingAnEmptyPlanKeepsTheSerial() async throws {
        let provider = FakeProvider(), store = MemoryStore()
        let engine = Fixtures.engine(provider, store)
        try await Fixtures.apply(Fixtures.networkAndPool, engine)
        let report = try await Fixtures.apply(Fixtures.networkAndPool, engine)
        #expect(report.status == .succeeded)
        #expect(report.outcomes.isEmpty)
        #expect(report.stateSerial == 1)
        #expect(await store.commits == 1)
    }
}

/// Strings built from references (`"${network.id}-pool"`) are joined at apply.
@Suite struct TemplateApplyTests {
    @Test func aTemplateIsJoinedOnceItsReferenceIsKnownAndThePlanSettles() async throws {
        let provider = FakeProvider(), store = MemoryStore()
        let engine = Fixtures.engine(provider, store)
        let network = "networks.train.fake_network.main"
        let configs = [
            Fixtures.resource(network, "fake_network", ["cidr": "10.0.0.0/16"]),
            Fixtures.resource("node_pools.gpu.fake_pool.main", "fake_pool",
                              ["gpu": "H100", "name": .template([Fixtures.ref(network), "-pool"])]),
        ]
        let plan = try await engine.plan(resources: configs)
        let poolChange = try #require(plan.changes.first { $0.address.rawValue.hasPrefix("node_pools") })
        #expect(poolChange.after?["name"] == .unknown, "known after apply")
        let report = try await engine.apply(plan)
        #expect(report.status == .succeeded)
        let state = try #require(await store.document)
        let networkID = try #require(state.resources.first?.id)
        #expect(state.resources.last?.attributes["name"] == .string("\(networkID)-pool"))
        #expect(state.resources.last?.dependencies == [ResourceAddress(network)])
        let again = try await engine.plan(resources: configs)
        #expect(!again.hasChanges)
    }
}
