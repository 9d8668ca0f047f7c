/// What can go wrong when ordering a graph.
public enum GraphError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The graph has a cycle; `path` follows dependency edges and repeats its first node at
    /// the end, e.g. `["a", "b", "c", "a"]`.
    case cycle(path: [String])

    /// `a → b → c → a`.
    public var description: String {
        switch self {
        case .cycle(let path): path.joined(separator: " → ")
        }
    }
}
