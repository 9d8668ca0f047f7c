/// A directed acyclic graph of dependencies between hashable nodes.
///
/// Edges point from a *dependent* to its *dependency* (`addEdge(from: subnet, to: vpc)`), the way
/// the spec and the engine think about them: a node can start once everything it points at is done.
/// Nodes and edges keep their insertion order so every listing, level and export is deterministic.
///
/// Storage is index-based (a node table plus adjacency lists of `Int`), so every operation is
/// O(V + E) or better; the engine walks graphs of 10,000+ lowered resources.
///
/// ```swift
/// var g = Graph<String>()
/// g.addEdge(from: "subnet", to: "vpc")
/// g.addEdge(from: "pool", to: "subnet")
/// try g.topologicalLevels()   // [["vpc"], ["subnet"], ["pool"]]
/// ```
///
/// Building is `@inlinable` so a client's graph is specialized for its `Node`: unspecialized,
/// every hash and dictionary lookup went through generic metadata, which made checking a
/// 10,000-item spec for cycles cost more than reading it.
public struct Graph<Node: Hashable & Sendable>: Sendable {
    /// Nodes in insertion order; a node's position is its index everywhere below.
    @usableFromInline var nodeList: [Node] = []
    @usableFromInline var index: [Node: Int] = [:]
    /// `dependencyLists[i]`: indices node `i` depends on, in edge insertion order.
    @usableFromInline var dependencyLists: [[Int]] = []
    /// `dependentLists[i]`: indices that depend on node `i`, in edge insertion order.
    @usableFromInline var dependentLists: [[Int]] = []
    /// Keeps `addEdge` idempotent without scanning adjacency lists.
    @usableFromInline var edgeSet: Set<GraphEdge> = []

    /// Creates an empty graph.
    @inlinable public init() {}

    /// Creates an empty graph with room for `nodes` nodes and `edges` edges, so building a
    /// graph whose size is known never regrows its tables.
    @inlinable public init(reservingCapacity nodes: Int, edges: Int) {
        nodeList.reserveCapacity(nodes)
        index.reserveCapacity(nodes)
        dependencyLists.reserveCapacity(nodes)
        dependentLists.reserveCapacity(nodes)
        edgeSet.reserveCapacity(edges)
    }

    /// Adds `node` if it is not present yet; adding it again changes nothing.
    @inlinable public mutating func addNode(_ node: Node) {
        _ = indexAdding(node)
    }

    /// Records that `dependent` needs `dependency`, adding either node if missing.
    ///
    /// Adding the same edge twice changes nothing. A self-edge is kept (it is a cycle, and
    /// `cycles()` reports it) rather than silently dropped.
    @inlinable public mutating func addEdge(from dependent: Node, to dependency: Node) {
        let from = indexAdding(dependent)
        let to = indexAdding(dependency)
        guard edgeSet.insert(GraphEdge(dependent: from, dependency: to)).inserted else { return }
        dependencyLists[from].append(to)
        dependentLists[to].append(from)
    }

    /// Every node, in insertion order.
    public var nodes: [Node] { nodeList }

    /// The number of distinct edges.
    public var edgeCount: Int { edgeSet.count }

    /// Whether `node` has been added.
    public func contains(_ node: Node) -> Bool { index[node] != nil }

    /// The nodes `node` depends on directly, in the order the edges were added.
    public func dependencies(of node: Node) -> [Node] {
        guard let i = index[node] else { return [] }
        return dependencyLists[i].map { nodeList[$0] }
    }

    /// The nodes that depend directly on `node`, in the order the edges were added.
    public func dependents(of node: Node) -> [Node] {
        guard let i = index[node] else { return [] }
        return dependentLists[i].map { nodeList[$0] }
    }

    /// Every node reachable from `roots` by following dependency edges.
    ///
    /// A root is included only if another root (or itself, through a cycle) reaches it.
    /// Roots that are not in the graph are ignored.
    public func transitiveDependencies(of roots: some Sequence<Node>) -> Set<Node> {
        reachable(from: roots, along: dependencyLists)
    }

    /// Every node that reaches one of `roots` by following dependency edges: everything that
    /// would be affected if a root changed. Roots are excluded unless reached.
    public func transitiveDependents(of roots: some Sequence<Node>) -> Set<Node> {
        reachable(from: roots, along: dependentLists)
    }

    /// The same nodes (same order) with every edge turned around.
    public func reversed() -> Graph<Node> {
        var copy = self
        copy.dependencyLists = dependentLists
        copy.dependentLists = dependencyLists
        copy.edgeSet = Set(edgeSet.map { GraphEdge(dependent: $0.dependency, dependency: $0.dependent) })
        return copy
    }

    // MARK: - Internals

    /// The index of `node`, adding it first if it is new.
    @inlinable mutating func indexAdding(_ node: Node) -> Int {
        if let i = index[node] { return i }
        let i = nodeList.count
        nodeList.append(node)
        index[node] = i
        dependencyLists.append([])
        dependentLists.append([])
        return i
    }

    /// Iterative depth-first reachability: no recursion, so a 10,000-node chain cannot
    /// exhaust the stack.
    private func reachable(from roots: some Sequence<Node>, along adjacency: [[Int]]) -> Set<Node> {
        var seen = [Bool](repeating: false, count: nodeList.count)
        var stack: [Int] = roots.compactMap { index[$0] }
        var result = Set<Node>()
        while let i = stack.popLast() {
            for next in adjacency[i] where !seen[next] {
                seen[next] = true
                result.insert(nodeList[next])
                stack.append(next)
            }
        }
        return result
    }
}

/// An edge by node index, outside the generic `Graph` so its hashing is compiled once,
/// concretely, rather than per `Node` through generic metadata.
@usableFromInline struct GraphEdge: Hashable, Sendable {
    @usableFromInline var dependent: Int
    @usableFromInline var dependency: Int

    @inlinable init(dependent: Int, dependency: Int) {
        self.dependent = dependent
        self.dependency = dependency
    }
}
