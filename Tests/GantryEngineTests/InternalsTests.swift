import GantryBasics
@testable import GantryEngine
import GantryState
import Testing

/// Table-style checks of the engine's small internal machines.
@Suite struct InternalsTests {
    @Test func limitHalvesOncePerBurstAndGrowsBackByOne() {
        var limit = AdaptiveLimit(maximum: 16, initial: nil)
        let epochs = (0..<4).map { _ in limit.acquire() }
        #expect(limit.hasSlot)
        // Four calls of one burst come back throttled: one halving, not four.
        for epoch in epochs { limit.throttled(startedIn: epoch) }
        #expect(limit.current == 8)
        #expect(limit.throttles == 4)
        let next = limit.acquire()
        limit.throttled(startedIn: next)
        #expect(limit.current == 4)
        _ = limit.acquire()
        limit.succeeded()
        #expect(limit.current == 5)
        #expect(limit.lowest == 4)
        for _ in 0..<40 { _ = limit.acquire(); limit.succeeded() }
        #expect(limit.current == 16)
    }

    /// A plugin is asked only for the outputs items reference — unless another provider's
    /// item depends on its items, whose lowering may point at any output.
    @Test func outputsWantedAreTheReferencedOnesWithinOneProvider() {
        func item(_ name: String, provider: String = "sim", _ attributes: [String: Value] = [:],
                  dependsOn: [ResourceAddress] = []) -> IntentItem {
            IntentItem(address: ResourceAddress("resources.\(name)"), kind: "resources", name: name, region: nil,
                       provider: provider, attributes: attributes, dependsOn: dependsOn)
        }
        let parent: Value = .reference(.init(address: "resources.a", attribute: "id"))
        let text: Value = .template(["x-", .reference(.init(address: "resources.a", attribute: "zone"))])
        let sim = [item("a"), item("b", ["input": parent, "name": text])]
        #expect(Lowering.outputsWanted(of: "sim", in: ["sim": sim]) == ["resources.a": ["id", "zone"]])
        let other = item("c", provider: "aws", dependsOn: ["resources.a"])
        #expect(Lowering.outputsWanted(of: "sim", in: ["sim": sim, "aws": [other]]) == nil)
        #expect(Lowering.outputsWanted(of: "aws", in: ["sim": sim, "aws": [other]]) == [:])
    }

    @Test func limitNeverDropsBelowOne() {
        var limit = AdaptiveLimit(maximum: 2, initial: 1)
        for _ in 0..<5 { limit.throttled(startedIn: limit.acquire()) }
        #expect(limit.current == 1)
        #expect(limit.hasSlot)
    }

    @Test(arguments: [
        ("node_pools.x", "node_pools.x", true),
        ("node_pools.x", "node_pools.x.sim_node_group.main", true),
        ("node_pools.x", "node_pools.x[us-east-1].sim_vpc.main", true),
        ("node_pools.x", "node_pools.xl.sim_vpc.main", false),
        ("node_pools.x[us-east-1]", "node_pools.x[us-west-2].sim_vpc.main", false),
        ("networks", "networks.train.sim_vpc.main", true),
    ])
    func targetsMatchWholeSegments(pattern: String, address: String, matches: Bool) {
        #expect(AddressFilter([ResourceAddress(pattern)]).matches(ResourceAddress(address)) == matches)
    }

    @Test func cyclePathStartsAndEndsAtTheSameNode() throws {
        let edges: [(ResourceAddress, [ResourceAddress])] = [("a", ["b"]), ("b", ["c"]), ("c", ["a"]), ("d", ["a"])]
        let graph = DependencyIndex(edges)
        #expect {
            _ = try graph.levels()
        } throws: { error in
            guard case EngineError.dependencyCycle(let path) = error else { return false }
            return path.count == 4 && path.first == path.last && Set(path) == ["a", "b", "c"]
        }
    }

    @Test func backoffGrowsAndStaysWithinItsCap() {
        let policy = RetryPolicy(maxAttempts: 10, baseDelay: 0.1, maxDelay: 1)
        for attempt in 1...10 {
            let delay = policy.delay(afterAttempt: attempt)
            let cap = min(1, 0.1 * Double(1 << (attempt - 1)))
            #expect(delay >= cap / 2 && delay <= cap)
        }
    }

    @Test func createBeforeDestroyDependingOnADeleteFirstReplacementIsRefused() throws {
        let disk = ResourceChange(address: "s.d.t.main", type: "t", name: "main", provider: "p",
                                  action: .deleteThenCreate, priorID: "d1", before: [:], after: [:])
        let pool = ResourceChange(address: "s.p.t.main", type: "t", name: "main", provider: "p",
                                  action: .createThenDelete, priorID: "p1", before: [:], after: [:],
                                  dependencies: ["s.d.t.main"])
        let state = StateDocument(lineage: "L", resources: [
            .init(address: "s.d.t.main", type: "t", provider: "p", id: "d1", attributes: [:]),
            .init(address: "s.p.t.main", type: "t", provider: "p", id: "p1", attributes: [:],
                  dependencies: ["s.d.t.main"]),
        ])
        #expect(throws: EngineError.self) { try OperationGraph(changes: [disk, pool], state: state) }
    }
}
