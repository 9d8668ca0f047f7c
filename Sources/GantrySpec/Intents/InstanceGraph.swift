/// The expanded items' dependencies by position in the intent list, recorded while
/// binding references, for a cycle check that hashes nothing.
///
/// Building the address-keyed `Graph` of 10,000 items only to find no cycle cost more
/// than expanding them. The expander knows each dependency's position as it binds it, so
/// this graph is free to build and `isAcyclic` is a pass over two integer arrays. It
/// stands for the address graph only while every instance has an address of its own
/// (`IntentExpander` leaves it out otherwise), and it only ever answers "no cycle": any
/// cycle is found and reported the exact way, through `Validator.cycleDiagnostics`.
struct InstanceGraph: Sendable {
    /// Where each instance's dependencies start in `dependencies`; one more entry than instances.
    private var starts: [Int] = [0]
    /// Every instance's dependencies (positions, repeats allowed), one instance after another.
    private var dependencies: [Int] = []

    var instanceCount: Int { starts.count - 1 }

    /// Adds a dependency of the instance being recorded.
    mutating func addDependency(on instance: Int) { dependencies.append(instance) }

    /// Closes the current instance: later dependencies belong to the next one.
    mutating func finishInstance() { starts.append(dependencies.count) }

    /// True when no chain of dependencies leads back to where it started (Kahn's algorithm:
    /// every instance can be taken once all that depend on it are taken).
    var isAcyclic: Bool {
        let count = instanceCount
        var dependents = [Int](repeating: 0, count: count)
        for target in dependencies {
            guard target >= 0, target < count else { return false }
            dependents[target] += 1
        }
        var ready = (0..<count).filter { dependents[$0] == 0 }
        var taken = 0
        while let instance = ready.popLast() {
            taken += 1
            for target in dependencies[starts[instance]..<starts[instance + 1]] {
                dependents[target] -= 1
                if dependents[target] == 0 { ready.append(target) }
            }
        }
        return taken == count
    }
}
