import GantryBasics
import GantryGraph

extension Validator {
    /// Dependency cycles among items, each reported once as its whole path
    /// (`resources.a → resources.b → resources.a`) at the first item, with every item's location.
    static func cycleDiagnostics(_ items: [IntentItem]) -> [Diagnostic] {
        let cycles = Spec.itemGraph(items).cycles()
        guard !cycles.isEmpty else { return [] }
        // Indexed only when there is something to report: a valid spec of 10,000 items
        // would pay for a table nobody reads.
        var locations: [ResourceAddress: SourceLocation] = [:]
        for item in items { locations[item.address] = item.location }
        var out: [Diagnostic] = []
        for cycle in cycles {
            guard let first = cycle.first else { continue }
            let path = cycle.map(\.rawValue).joined(separator: " → ")
            out.append(.error("cycle", "dependency cycle: \(path)", at: locations[first], path: first.rawValue,
                              hint: "remove one of the references that form the cycle"))
            // One note per other member, so every place in the cycle is shown with its source line.
            for (index, address) in cycle.dropLast().enumerated().dropFirst() {
                out.append(Diagnostic(.note, code: "cycle",
                                      message: "\(address) is part of the cycle (step \(index + 1) of \(cycle.count - 1))",
                                      location: locations[address], path: address.rawValue))
            }
        }
        return out
    }
}
