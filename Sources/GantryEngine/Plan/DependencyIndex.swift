import GantryBasics

/// An Int-indexed dependency graph over addresses, built once per plan.
///
/// The plan and apply paths walk tens of thousands of nodes, so edges live in flat arrays
/// and every walk here is O(nodes + edges). Edges to addresses outside the graph are
/// dropped (they were reported while lowering, or belong to resources left alone).
struct DependencyIndex {
    private(set) var addresses: [ResourceAddress] = []
    private(set) var index: [ResourceAddress: Int] = [:]
    /// `dependencies[i]`: nodes that node `i` needs (must be done first).
    private(set) var dependencies: [[Int]] = []
    /// `dependents[i]`: nodes that need node `i`.
    private(set) var dependents: [[Int]] = []

    var count: Int { addresses.count }

    /// Builds the graph from each address and what it depends on; duplicate edges collapse.
    /// A repeated address is one node, numbered where it first appears.
    init<S: Sequence>(_ nodes: S) where S.Element == (ResourceAddress, [ResourceAddress]) {
        let list = Array(nodes)
        addresses.reserveCapacity(list.count)
        index.reserveCapacity(list.count)
        var nodeOf: [Int] = []  // list position → node, so edges need no second lookup of `from`
        nodeOf.reserveCapacity(list.count)
        for (address, _) in list {
            let next = addresses.count
            let node = index[address, default: next]
            if node == next {
                index[address] = next
                addresses.append(address)
            }
            nodeOf.append(node)
        }
        dependencies = Array(repeating: [], count: addresses.count)
        dependents = Array(repeating: [], count: addresses.count)
        for (position, (_, deps)) in list.enumerated() {
            let from = nodeOf[position]
            for dep in deps {
                guard let to = index[dep], to != from, !dependencies[from].contains(to) else { continue }
                dependencies[from].append(to)
                dependents[to].append(from)
            }
        }
    }

    /// Nodes grouped so that each group depends only on earlier groups.
    /// - Throws: `EngineError.dependencyCycle` with one cycle's path.
    func levels() throws(EngineError) -> [[Int]] {
        var remaining = dependencies.map { $0.count }  // a key path here went through the runtime
        var current = (0..<count).filter { remaining[$0] == 0 }
        var levels: [[Int]] = []
        var seen = 0
        while !current.isEmpty {
            levels.append(current)
            seen += current.count
            var next: [Int] = []
            for node in current {
                for dependent in dependents[node] {
                    remaining[dependent] -= 1
                    if remaining[dependent] == 0 { next.append(dependent) }
                }
            }
            current = next
        }
        if seen != count {
            throw .dependencyCycle(path: cyclePath(among: (0..<count).filter { remaining[$0] > 0 }))
        }
        return levels
    }

    /// One cycle among `candidates` (nodes left over by a topological sort), as a path
    /// that starts and ends at the same address.
    private func cyclePath(among candidates: [Int]) -> [ResourceAddress] {
        guard let start = candidates.first else { return [] }
        var inCandidates = Array(repeating: false, count: count)
        for c in candidates { inCandidates[c] = true }
        // Every leftover node has a leftover dependency, so following them must revisit a node.
        var position: [Int: Int] = [:]
        var path: [Int] = []
        var node = start
        while position[node] == nil {
            position[node] = path.count
            path.append(node)
            guard let next = dependencies[node].first(where: { inCandidates[$0] }) else { break }
            node = next
        }
        guard let loopStart = position[node] else { return path.map { addresses[$0] } }
        let loop = path[loopStart...] + [node]
        return loop.map { addresses[$0] }
    }

    /// Marks `seeds` and everything they depend on, transitively.
    func closingOverDependencies(_ seeds: [Int]) -> [Bool] { closure(seeds, edges: dependencies) }

    /// Marks `seeds` and everything that depends on them, transitively.
    func closingOverDependents(_ seeds: [Int]) -> [Bool] { closure(seeds, edges: dependents) }

    private func closure(_ seeds: [Int], edges: [[Int]]) -> [Bool] {
        var marked = Array(repeating: false, count: count)
        var stack = seeds
        while let node = stack.popLast() {
            if marked[node] { continue }
            marked[node] = true
            stack.append(contentsOf: edges[node].lazy.filter { !marked[$0] })
        }
        return marked
    }
}
