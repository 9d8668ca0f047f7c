extension Graph {
    /// One cycle through every strongly connected component that has a cycle, as a path that
    /// follows dependency edges and repeats its first node at the end: `[a, b, c, a]`.
    ///
    /// Components are found with Tarjan's algorithm (iterative, O(V + E)); each cycle starts at
    /// the component's earliest-inserted node and is the shortest way back to it, so the
    /// result is deterministic and readable. Cycles are ordered by their first node's
    /// insertion order. An acyclic graph returns `[]`.
    public func cycles() -> [[Node]] {
        let components = stronglyConnectedComponents()
        var result: [(start: Int, path: [Node])] = []
        for component in components {
            guard let start = component.min() else { continue }
            if component.count == 1 {
                if edgeSet.contains(GraphEdge(dependent: start, dependency: start)) {
                    result.append((start, [nodeList[start], nodeList[start]]))
                }
                continue
            }
            let path = shortestCycle(through: start, within: Set(component))
            result.append((start, path.map { nodeList[$0] }))
        }
        return result.sorted { $0.start < $1.start }.map(\.path)
    }

    /// Breadth-first search from `start` along dependency edges, staying inside the component,
    /// until an edge leads back to `start`. Cost is bounded by the component's size.
    private func shortestCycle(through start: Int, within component: Set<Int>) -> [Int] {
        var parent: [Int: Int] = [start: start]
        var queue = [start]
        var head = 0
        while head < queue.count {
            let i = queue[head]
            head += 1
            for next in dependencyLists[i] where component.contains(next) {
                if next == start {
                    var path = [start]
                    var cursor = i
                    while cursor != start {
                        path.append(cursor)
                        cursor = parent[cursor] ?? start
                    }
                    // `path` is start followed by the walk back from `i`; put it in edge order.
                    return [start] + path.dropFirst().reversed() + [start]
                }
                if parent[next] == nil {
                    parent[next] = i
                    queue.append(next)
                }
            }
        }
        // Unreachable for a real strongly connected component; keep the start visible anyway.
        return [start, start]
    }

    /// Tarjan's strongly connected components, with an explicit stack instead of recursion.
    func stronglyConnectedComponents() -> [[Int]] {
        let count = nodeList.count
        var order = [Int](repeating: -1, count: count)   // discovery index, -1 = unvisited
        var low = [Int](repeating: 0, count: count)
        var onStack = [Bool](repeating: false, count: count)
        var stack: [Int] = []
        var components: [[Int]] = []
        var counter = 0
        // Each frame: the node and the position of the next dependency edge to look at.
        var frames: [(node: Int, edge: Int)] = []

        for root in 0..<count where order[root] == -1 {
            frames.append((root, 0))
            order[root] = counter; low[root] = counter; counter += 1
            stack.append(root); onStack[root] = true

            while let frame = frames.last {
                let v = frame.node
                let edges = dependencyLists[v]
                if frame.edge < edges.count {
                    frames[frames.count - 1].edge += 1
                    let w = edges[frame.edge]
                    if order[w] == -1 {
                        order[w] = counter; low[w] = counter; counter += 1
                        stack.append(w); onStack[w] = true
                        frames.append((w, 0))
                    } else if onStack[w] {
                        low[v] = min(low[v], order[w])
                    }
                    continue
                }
                frames.removeLast()
                if let parent = frames.last?.node { low[parent] = min(low[parent], low[v]) }
                if low[v] == order[v] {
                    var component: [Int] = []
                    while let w = stack.popLast() {
                        onStack[w] = false
                        component.append(w)
                        if w == v { break }
                    }
                    components.append(component)
                }
            }
        }
        return components
    }
}
