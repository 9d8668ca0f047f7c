import GantryBasics

extension IntentExpander {
    /// One instance's bound references and its dependencies, in the order first bound.
    ///
    /// An item writes a handful of references, so both are looked up by scanning: hashing
    /// them into a dictionary and a set of their own for each of 10,000 instances cost more
    /// than binding them. Past `scanLimit` entries an index takes over, so an item with
    /// thousands of references stays linear.
    struct Bindings {
        private var bound: [(reference: ItemReference, target: ResourceAddress)] = []
        private var boundIndex: [ItemReference: ResourceAddress] = [:]
        /// Every distinct address bound, references first, then implicit dependencies.
        private(set) var dependsOn: [ResourceAddress] = []
        private var dependencyIndex: Set<ResourceAddress> = []

        static let scanLimit = 16

        /// Records that `reference` binds to `target`, which the instance then depends on.
        mutating func bind(_ reference: ItemReference, to target: ResourceAddress) {
            if bound.count < Self.scanLimit {
                bound.append((reference, target))
                if bound.count == Self.scanLimit {
                    // A reference binds to the same target every time, so repeats agree.
                    for pair in bound { boundIndex[pair.reference] = pair.target }
                }
            } else if boundIndex[reference] == nil {
                boundIndex[reference] = target
            }
            depend(on: target)
        }

        /// Adds `target` to the dependencies unless it is there already.
        mutating func depend(on target: ResourceAddress) {
            if dependsOn.count < Self.scanLimit {
                guard !dependsOn.contains(target) else { return }
                dependsOn.append(target)
                if dependsOn.count == Self.scanLimit { dependencyIndex = Set(dependsOn) }
            } else if dependencyIndex.insert(target).inserted {
                dependsOn.append(target)
            }
        }

        /// Where `reference` was bound, nil when binding it failed.
        func target(of reference: ItemReference) -> ResourceAddress? {
            if bound.count < Self.scanLimit { return bound.first { $0.reference == reference }?.target }
            return boundIndex[reference]
        }
    }
}
