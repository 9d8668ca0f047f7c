import GantryBasics
import GantryProviderKit
import GantryState

/// Which resources a plan considers (`--target` / `--exclude`), and the dependency
/// levels of the desired resources.
///
/// A target brings in what it depends on (it cannot be created without them); for a
/// destroy it brings in what depends on it (those must go first). An exclusion takes out
/// what depends on the excluded resource (or, for a destroy, what it depends on).
struct PlanScope {
    /// Indices into the desired resources, each level depending only on earlier ones.
    let desiredLevels: [[Int]]
    /// Whether any `--target` / `--exclude` narrows the plan.
    let isFiltered: Bool
    /// The desired resources' graph, whose node numbers are their indices in `desired`.
    private let desiredGraph: DependencyIndex
    private let universe: DependencyIndex?
    private let included: [Bool]

    /// - Parameter dependencies: each desired resource's dependencies, aligned with `desired`.
    init(desired: [ResourceConfig], dependencies: [[ResourceAddress]], prior: [ResourceState],
         options: PlanOptions, destroy: Bool) throws(EngineError) {
        // By index: zipping the configs copied each one to read its address.
        let desiredGraph = DependencyIndex(desired.indices.lazy.map { (desired[$0].address, dependencies[$0]) })
        self.desiredGraph = desiredGraph
        desiredLevels = try desiredGraph.levels()
        isFiltered = !options.targets.isEmpty || !options.excludes.isEmpty
        guard isFiltered else {
            // Everything is in scope: the combined graph is not needed.
            universe = nil
            included = []
            return
        }

        var priorByAddress: [ResourceAddress: ResourceState] = [:]
        for resource in prior { priorByAddress[resource.address] = resource }
        var nodes: [(ResourceAddress, [ResourceAddress])] = zip(desired, dependencies).map {
            ($0.address, $1 + (priorByAddress[$0.address]?.dependencies ?? []))
        }
        let desiredSet = Set(desired.map(\.address))
        for resource in prior where !desiredSet.contains(resource.address) {
            nodes.append((resource.address, resource.dependencies))
        }
        let universe = DependencyIndex(nodes)
        self.universe = universe

        var origins: [ResourceAddress: ResourceAddress] = [:]
        for config in desired { origins[config.address] = config.origin }
        for resource in prior { if let origin = resource.origin { origins[resource.address] = origin } }

        let targets = AddressFilter(options.targets)
        let excludes = AddressFilter(options.excludes)
        let addresses = universe.addresses
        let matching = { (filter: AddressFilter) in
            addresses.indices.filter { filter.matches(addresses[$0], origin: origins[addresses[$0]]) }
        }
        var included = Array(repeating: true, count: universe.count)
        if !targets.isEmpty {
            let seeds = matching(targets)
            included = destroy ? universe.closingOverDependents(seeds) : universe.closingOverDependencies(seeds)
        }
        if !excludes.isEmpty {
            let seeds = matching(excludes)
            let excluded = destroy ? universe.closingOverDependencies(seeds) : universe.closingOverDependents(seeds)
            for index in excluded.indices where excluded[index] { included[index] = false }
        }
        self.included = included
    }

    /// The index of the desired resource at `address`, or nil when none is desired there.
    func desiredIndex(of address: ResourceAddress) -> Int? { desiredGraph.index[address] }

    /// Whether the plan considers `address` (addresses unknown to the plan are out).
    func contains(_ address: ResourceAddress) -> Bool {
        guard let universe else { return true }
        guard let index = universe.index[address] else { return false }
        return included[index]
    }
}
