import GantryBasics
import GantryState

/// The provider calls an apply makes, as a graph: one operation per create, update or
/// delete (a replacement is two), with the order they must run in.
///
/// Ordering rules, beyond "a resource is written after what it references":
/// - a resource is deleted after everything recorded as depending on it is deleted;
/// - a resource being deleted (or replaced new-first) goes after its dependents have been
///   updated or re-created to stop using it;
/// - a replacement deletes first and creates second, or the other way round when the
///   type asks for create-before-destroy.
struct OperationGraph {
    enum Kind: String { case create, update, delete }

    struct Operation {
        var change: Int
        var kind: Kind
    }

    private(set) var operations: [Operation] = []
    private(set) var dependencies: [[Int]] = []
    private(set) var dependents: [[Int]] = []

    init(changes: [ResourceChange], state: StateDocument?) throws(EngineError) {
        var write: [ResourceAddress: Int] = [:]  // create or update operation per address
        var delete: [ResourceAddress: Int] = [:]
        for (index, change) in changes.enumerated() {
            switch change.action {
            case .noOp: break
            case .create: write[change.address] = add(Operation(change: index, kind: .create))
            case .update: write[change.address] = add(Operation(change: index, kind: .update))
            case .delete: delete[change.address] = add(Operation(change: index, kind: .delete))
            case .deleteThenCreate, .createThenDelete:
                let d = add(Operation(change: index, kind: .delete))
                let c = add(Operation(change: index, kind: .create))
                delete[change.address] = d
                write[change.address] = c
                if change.action == .deleteThenCreate { edge(c, after: d) } else { edge(d, after: c) }
            }
        }

        // Who depends on whom: recorded (state) and desired (plan) dependencies.
        var recordedDependents: [ResourceAddress: [ResourceAddress]] = [:]
        for resource in state?.resources ?? [] {
            for dep in resource.dependencies { recordedDependents[dep, default: []].append(resource.address) }
        }
        var desiredDependents: [ResourceAddress: [ResourceAddress]] = [:]
        for change in changes where change.action != .delete {
            for dep in change.dependencies { desiredDependents[dep, default: []].append(change.address) }
        }

        for change in changes {
            if let w = write[change.address] {
                for dep in change.dependencies { if let wd = write[dep] { edge(w, after: wd) } }
            }
            guard let d = delete[change.address] else { continue }
            for dependent in recordedDependents[change.address] ?? [] {
                if let dd = delete[dependent], dd != d { edge(d, after: dd) }
            }
            // A resource deleted first (plain replace) cannot wait for its dependents to
            // move to the new one — they need it created first — so only the others wait.
            guard change.action != .deleteThenCreate else { continue }
            for dependent in (recordedDependents[change.address] ?? []) + (desiredDependents[change.address] ?? []) {
                if let wd = write[dependent], wd != write[change.address] { edge(d, after: wd) }
            }
        }
        try checkAcyclic(changes)
    }

    var count: Int { operations.count }

    private mutating func add(_ operation: Operation) -> Int {
        operations.append(operation)
        dependencies.append([])
        dependents.append([])
        return operations.count - 1
    }

    private mutating func edge(_ operation: Int, after dependency: Int) {
        guard operation != dependency, !dependencies[operation].contains(dependency) else { return }
        dependencies[operation].append(dependency)
        dependents[dependency].append(operation)
    }

    /// Operations that depend on `operation`, transitively.
    func transitiveDependents(of operation: Int) -> [Int] {
        var seen = Set<Int>()
        var stack = dependents[operation]
        var out: [Int] = []
        while let next = stack.popLast() {
            guard seen.insert(next).inserted else { continue }
            out.append(next)
            stack.append(contentsOf: dependents[next])
        }
        return out
    }

    private func checkAcyclic(_ changes: [ResourceChange]) throws(EngineError) {
        var remaining = dependencies.map(\.count)
        var queue = (0..<count).filter { remaining[$0] == 0 }
        var seen = 0
        while let next = queue.popLast() {
            seen += 1
            for dependent in dependents[next] {
                remaining[dependent] -= 1
                if remaining[dependent] == 0 { queue.append(dependent) }
            }
        }
        guard seen < count else { return }
        let stuck = (0..<count).filter { remaining[$0] > 0 }.map { changes[operations[$0].change].address.rawValue }
        throw .internalError("the apply order has a cycle among " + Set(stuck).sorted().joined(separator: ", ")
                             + "; a create-before-destroy resource probably depends on one replaced delete-first")
    }
}
