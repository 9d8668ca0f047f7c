extension Graph {
    /// Groups the nodes into levels: level 0 has no dependencies, and every node sits one
    /// level above its deepest dependency. Nodes inside a level keep insertion order.
    ///
    /// Everything in one level can run in parallel once the levels before it are done.
    ///
    /// - Throws: `GraphError.cycle` with one cycle's path when the graph is not acyclic.
    public func topologicalLevels() throws(GraphError) -> [[Node]] {
        let levelOf = try levelIndices()
        var levels: [[Node]] = []
        // Walking nodes in insertion order and bucketing keeps each level in insertion
        // order without a sort.
        for (i, level) in levelOf.enumerated() {
            while level >= levels.count { levels.append([]) }
            levels[level].append(nodeList[i])
        }
        return levels
    }

    /// The nodes in an order where every node comes after all of its dependencies
    /// (level by level, insertion order inside a level).
    ///
    /// - Throws: `GraphError.cycle` with one cycle's path when the graph is not acyclic.
    public func topologicalOrder() throws(GraphError) -> [Node] {
        try topologicalLevels().flatMap { $0 }
    }

    /// The level of each node by index (Kahn's algorithm), O(V + E).
    func levelIndices() throws(GraphError) -> [Int] {
        let count = nodeList.count
        var remaining = dependencyLists.map(\.count)
        var level = [Int](repeating: 0, count: count)
        var queue: [Int] = []
        queue.reserveCapacity(count)
        for i in 0..<count where remaining[i] == 0 { queue.append(i) }
        var head = 0
        while head < queue.count {
            let i = queue[head]
            head += 1
            for dependent in dependentLists[i] {
                level[dependent] = max(level[dependent], level[i] + 1)
                remaining[dependent] -= 1
                if remaining[dependent] == 0 { queue.append(dependent) }
            }
        }
        if queue.count < count {
            let path = cycles().first ?? []
            throw GraphError.cycle(path: path.map { String(describing: $0) })
        }
        return level
    }
}
