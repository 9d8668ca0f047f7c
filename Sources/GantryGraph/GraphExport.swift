import GantryBasics

/// Renders a graph for people and tools: Graphviz DOT and a small JSON document.
///
/// Edges are drawn from dependent to dependency, as Terraform's `graph` does.
public enum GraphExport {
    /// A Graphviz `digraph`, one node statement per node (insertion order) then one edge
    /// statement per edge. Labels and attribute values are quoted and escaped.
    ///
    /// ```swift
    /// GraphExport.dot(g, label: { $0 }, attributes: { ["shape": "box"] })
    /// // digraph gantry {
    /// //   "pool" [shape="box"];
    /// //   "pool" -> "vpc";
    /// // }
    /// ```
    public static func dot<N>(_ g: Graph<N>, label: (N) -> String,
                              attributes: (N) -> [String: String] = { _ in [:] }) -> String {
        var out = "digraph gantry {\n  rankdir=LR;\n"
        let labels = g.nodeList.map(label)
        for (i, node) in g.nodeList.enumerated() {
            let attrs = attributes(node).sorted { $0.key < $1.key }
            out += "  \(dotQuoted(labels[i]))"
            if !attrs.isEmpty {
                out += " [" + attrs.map { "\(dotID($0.key))=\(dotQuoted($0.value))" }.joined(separator: ", ") + "]"
            }
            out += ";\n"
        }
        for (from, dependencies) in g.dependencyLists.enumerated() {
            for to in dependencies {
                out += "  \(dotQuoted(labels[from])) -> \(dotQuoted(labels[to]));\n"
            }
        }
        out += "}\n"
        return out
    }

    /// `{"edges":[{"from":"subnet","to":"vpc"},…],"nodes":[{"id":"vpc","level":0},…]}`.
    ///
    /// Nodes keep insertion order and edges follow them; keys are sorted (GantryBasics' JSON
    /// writer), so the same graph always gives the same bytes. `level` is the node's
    /// topological level, or `null` for every node when the graph has a cycle (the export
    /// still works, so a cyclic graph can be inspected).
    public static func json<N>(_ g: Graph<N>, label: (N) -> String) -> String {
        let labels = g.nodeList.map(label)
        let levels = try? g.levelIndices()
        var nodes: [Value] = []
        nodes.reserveCapacity(labels.count)
        for i in labels.indices {
            nodes.append(["id": .string(labels[i]), "level": levels.map { .int($0[i]) } ?? .null])
        }
        var edges: [Value] = []
        edges.reserveCapacity(g.edgeCount)
        for (from, dependencies) in g.dependencyLists.enumerated() {
            for to in dependencies {
                edges.append(["from": .string(labels[from]), "to": .string(labels[to])])
            }
        }
        do {
            return try JSON.encode(.object(["nodes": .array(nodes), "edges": .array(edges)]))
        } catch {
            // Only strings, integers and null are written, all of which JSON can represent.
            preconditionFailure("internal error: graph JSON encoding failed: \(error)")
        }
    }

    // MARK: - Escaping

    /// A DOT double-quoted string: backslash and quote escaped, newlines as `\n`.
    static func dotQuoted(_ s: String) -> String {
        var out = "\""
        for ch in s.unicodeScalars {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": break
            default: out.unicodeScalars.append(ch)
            }
        }
        return out + "\""
    }

    /// Attribute names are identifiers in practice; quote anything that is not.
    static func dotID(_ s: String) -> String {
        let plain = !s.isEmpty && s.unicodeScalars.allSatisfy {
            ($0 >= "a" && $0 <= "z") || ($0 >= "A" && $0 <= "Z") || ($0 >= "0" && $0 <= "9") || $0 == "_"
        }
        return plain ? s : dotQuoted(s)
    }
}
