import Testing
@testable import GantryGraph

@Suite struct GraphTests {
    @Test func addingIsIdempotentAndKeepsInsertionOrder() {
        var g = Graph<String>()
        g.addNode("vpc")
        g.addEdge(from: "subnet", to: "vpc")
        g.addEdge(from: "subnet", to: "vpc")
        g.addNode("vpc")
        g.addEdge(from: "pool", to: "subnet")
        g.addEdge(from: "pool", to: "sg")
        #expect(g.nodes == ["vpc", "subnet", "pool", "sg"])
        #expect(g.edgeCount == 3)
        #expect(g.dependencies(of: "pool") == ["subnet", "sg"])
        #expect(g.dependents(of: "vpc") == ["subnet"])
        #expect(g.contains("sg"))
        #expect(!g.contains("nope"))
        #expect(g.dependencies(of: "nope").isEmpty)
    }

    @Test func levelsPutEachNodeAboveItsDeepestDependency() throws {
        var g = Graph<String>()
        g.addEdge(from: "pool", to: "launch-template")
        g.addEdge(from: "pool", to: "subnet")
        g.addEdge(from: "launch-template", to: "sg")
        g.addEdge(from: "sg", to: "vpc")
        g.addEdge(from: "subnet", to: "vpc")
        g.addNode("bucket")
        let levels = try g.topologicalLevels()
        #expect(levels == [["vpc", "bucket"], ["subnet", "sg"], ["launch-template"], ["pool"]])
        let order = try g.topologicalOrder()
        #expect(order == ["vpc", "bucket", "subnet", "sg", "launch-template", "pool"])
    }

    @Test func emptyGraphHasNoLevels() throws {
        #expect(try Graph<Int>().topologicalLevels().isEmpty)
        #expect(Graph<Int>().cycles().isEmpty)
    }

    @Test func cycleIsReportedAsAReadablePath() {
        var g = Graph<String>()
        g.addEdge(from: "start", to: "a")
        g.addEdge(from: "a", to: "b")
        g.addEdge(from: "b", to: "c")
        g.addEdge(from: "c", to: "a")
        #expect(g.cycles() == [["a", "b", "c", "a"]])
        #expect(throws: GraphError.cycle(path: ["a", "b", "c", "a"])) { try g.topologicalLevels() }
        do {
            _ = try g.topologicalOrder()
            Issue.record("expected a cycle")
        } catch {
            #expect(error.description == "a → b → c → a")
        }
    }

    @Test func everyCyclicComponentAndSelfLoopIsReportedOnce() {
        var g = Graph<String>()
        g.addEdge(from: "x", to: "y")
        g.addEdge(from: "y", to: "x")
        g.addEdge(from: "self", to: "self")
        g.addEdge(from: "p", to: "q")
        g.addEdge(from: "q", to: "r")
        g.addEdge(from: "r", to: "p")
        g.addEdge(from: "q", to: "p")     // a second, shorter cycle inside the same component
        g.addEdge(from: "acyclic", to: "x")
        #expect(g.cycles() == [["x", "y", "x"], ["self", "self"], ["p", "q", "p"]])
    }

    @Test func transitiveClosuresExcludeRootsUnlessReached() {
        var g = Graph<String>()
        g.addEdge(from: "pool", to: "subnet")
        g.addEdge(from: "subnet", to: "vpc")
        g.addEdge(from: "sg", to: "vpc")
        g.addEdge(from: "other", to: "bucket")
        #expect(g.transitiveDependencies(of: ["pool"]) == ["subnet", "vpc"])
        #expect(g.transitiveDependencies(of: ["pool", "subnet"]) == ["subnet", "vpc"])
        #expect(g.transitiveDependents(of: ["vpc"]) == ["subnet", "sg", "pool"])
        #expect(g.transitiveDependents(of: ["missing"]).isEmpty)
    }

    @Test func reversedTurnsEveryEdgeAround() throws {
        var g = Graph<Int>()
        g.addEdge(from: 1, to: 2)
        g.addEdge(from: 2, to: 3)
        let r = g.reversed()
        #expect(r.nodes == [1, 2, 3])
        #expect(r.edgeCount == 2)
        #expect(r.dependencies(of: 2) == [1])
        #expect(try r.topologicalLevels() == [[1], [2], [3]])
        var r2 = r
        r2.addEdge(from: 2, to: 1)   // already present after reversal: idempotent
        #expect(r2.edgeCount == 2)
    }

    @Test func tenThousandNodeChainNeitherRecursesNorGoesQuadratic() throws {
        var g = Graph<Int>()
        let n = 10_000
        for i in 1..<n { g.addEdge(from: i, to: i - 1) }
        let levels = try g.topologicalLevels()
        #expect(levels.count == n)
        #expect(levels.last == [n - 1])
        #expect(g.cycles().isEmpty)
        #expect(g.transitiveDependencies(of: [n - 1]).count == n - 1)
        g.addEdge(from: 0, to: n - 1)
        let cycles = g.cycles()
        #expect(cycles.count == 1)
        #expect(cycles.first?.count == n + 1)
    }

    @Test func wideFanOut() throws {
        var g = Graph<String>()
        for i in 0..<10_000 { g.addEdge(from: "pool-\(i)", to: "vpc") }
        let levels = try g.topologicalLevels()
        #expect(levels.count == 2)
        #expect(levels[1].count == 10_000)
        #expect(levels[1].first == "pool-0")
        #expect(g.transitiveDependents(of: ["vpc"]).count == 10_000)
    }
}
