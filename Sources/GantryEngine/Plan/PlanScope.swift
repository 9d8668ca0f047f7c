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
    private let universe: DependencyIndex
    private let included: [Bool]

    init(desired: [ResourceConfig], prior: [ResourceState], options: PlanOptions,
         destroy: Bool) throws(EngineError) {
        let desiredGraph = DependencyIndex(desired.map { ($0.address, $0.dependencies) })
        desiredLevels = try desiredGraph.levels()

        var priorByAddress: [ResourceAddress: ResourceState] = [:]
        for resource in prior { priorByAddress[resource.address] = resource }
        var nodes: [(ResourceAddress, [ResourceAddress])] = desired.map {
            ($0.address, $0.dependencies + (priorByAddress[$0.address]?.dependencies ?? []))
        }
        let desiredSet = Set(desired.map(\.address))
        for resource in prior where !desiredSet.contains(resource.address) {
            nodes.append((resource.address, resource.dependencies))
        }
        universe = DependencyIndex(nodes)

        var origins: [ResourceAddress: ResourceAddress] = [:]
        for config in desired { origins[config.address] = config.origin }
        for resource in prior { if let origin = resource.origin { origins[resource.address] = origin } }

        let targets = AddressFilter(options.targets)
        let excludes = AddressFilter(options.excludes)
        isFiltered = !targets.isEmpty || !excludes.isEmpty
        guard isFiltered else {
            included = Array(repeating: true, count: universe.count)
            return
        }
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

    /// Whether the plan considers `address` (addresses unknown to the plan are out).
    func contains(_ address: ResourceAddress) -> Bool {
        guard let index = universe.index[address] else { return !isFiltered }
        return included[index]
    }
}
