import GantryBasics

/// Expands declarations into `IntentItem`s: one per region for multi-region items, with
/// references bound to the instance in the referring item's region. A node pool whose
/// `capacity.regions` is a failover order stays one item with no region (the engine
/// places it), depending on its network in each of those regions.
struct IntentExpander {
    /// Every declared item, in intent order (`SpecBuilder.Declarations.takeAllItems()`).
    let items: [ItemDecl]
    /// Instance types resolved from the catalog, by pool name and region.
    var instanceTypes: [String: [String: String]] = [:]

    /// An item's kind and name: the key references are bound by, hashed without first
    /// joining them into a path string.
    private struct ItemName: Hashable {
        var kind: String
        var name: String
    }

    /// Which regions an item has, to bind references to it.
    private struct Target {
        var regions: [String]
        /// `kind.name`: what a reference to a single-instance item binds to, built once
        /// rather than once per reference.
        var plainAddress: ResourceAddress
        var isMultiRegion: Bool { regions.count > 1 }
    }

    func expand() -> (items: [IntentItem], diagnostics: [Diagnostic]) {
        var targets: [ItemName: Target] = [:]
        targets.reserveCapacity(items.count)
        // An item that fails over across regions is one instance: references name it plainly.
        for item in items {
            targets[ItemName(kind: item.kind, name: item.name)]
                = Target(regions: item.failsOverAcrossRegions ? [] : item.regions.map(\.value),
                         plainAddress: .item(kind: item.kind, name: item.name))
        }

        var expansion = Expansion(targets: targets)
        expansion.out.reserveCapacity(items.count)
        // By index, so each declaration is read in place rather than copied out of the array.
        for index in items.indices { expansion.add(items[index], instanceTypes: instanceTypes) }
        return (expansion.out, expansion.diagnostics)
    }

    /// The intents built so far, and the binding failures reported (once per place written).
    private struct Expansion {
        let targets: [ItemName: Target]
        var out: [IntentItem] = []
        var diagnostics: [Diagnostic] = []
        var reported = Set<SourceLocation>()

        /// Appends the instances of `item`: one per region, or one.
        mutating func add(_ item: ItemDecl, instanceTypes: [String: [String: String]]) {
            let instances: [String?] = item.regions.isEmpty || item.failsOverAcrossRegions ? [nil] : item.regions.map(\.value)
            // A pool that may land in any of its regions depends on its network in each of them.
            let implicitRegions: [String?] = item.failsOverAcrossRegions ? item.regions.map(\.value) : []
            for region in instances {
                let address = ResourceAddress.item(kind: item.kind, name: item.name,
                                                   key: item.isMultiRegion ? region : nil)
                // Bind each written reference once per instance; report a failure once per place.
                var bound = Bindings()
                for reference in item.references {
                    switch IntentExpander.bind(reference.value, from: region, targets: targets) {
                    case .success(let target):
                        bound.bind(reference.value, to: target)
                    case .failure(let problem):
                        if reported.insert(reference.location).inserted {
                            diagnostics.append(.error("ambiguous-reference", problem.message, at: reference.location,
                                                      path: item.path, hint: problem.hint))
                        }
                    }
                }
                for implicit in item.implicitDependencies {
                    // A region mismatch here is reported by the validator with a clearer message.
                    for from in implicitRegions.isEmpty ? [region] : implicitRegions {
                        if case .success(let target) = IntentExpander.bind(implicit.value, from: from, targets: targets) {
                            bound.depend(on: target)
                        }
                    }
                }
                var attributes = item.attributes.mapValues { $0.toValue { bound.target(of: $0) } }
                if item.kind != "resources", let region { attributes["region"] = .string(region) }
                if item.kind == "node_pools", let region, let type = instanceTypes[item.name]?[region] {
                    attributes["instance_type"] = .string(type)
                }
                out.append(IntentItem(address: address, kind: item.kind, name: item.name, region: region,
                                      provider: item.provider, attributes: attributes, dependsOn: bound.dependsOn,
                                      location: item.location))
            }
        }
    }

    private struct BindingProblem: Error {
        var message: String
        var hint: String?
    }

    private static func bind(_ reference: ItemReference, from region: String?,
                             targets: [ItemName: Target]) -> Result<ResourceAddress, BindingProblem> {
        var path: String { "\(reference.kind).\(reference.name)" }
        guard let target = targets[ItemName(kind: reference.kind, name: reference.name)] else {
            // Unknown items were reported while evaluating; an item that failed to parse lands here.
            return .failure(BindingProblem(message: "\(path) could not be read", hint: nil))
        }
        if let key = reference.key {
            if target.isMultiRegion {
                guard target.regions.contains(key) else {
                    return .failure(BindingProblem(message: "\(path) has no instance in \(key)",
                                                   hint: "its regions are \(target.regions.joined(separator: ", "))"))
                }
                return .success(.item(kind: reference.kind, name: reference.name, key: key))
            }
            guard target.regions.isEmpty || target.regions == [key] else {
                return .failure(BindingProblem(message: "\(path) is only in \(target.regions.joined()), not \(key)",
                                               hint: "drop the [\(key)]"))
            }
            return .success(target.plainAddress)
        }
        guard target.isMultiRegion else { return .success(target.plainAddress) }
        if let region, target.regions.contains(region) {
            return .success(.item(kind: reference.kind, name: reference.name, key: region))
        }
        let example = "${\(path)[\(target.regions[0])].\(reference.attribute)}"
        let message = region.map { "\(path) has no instance in \($0) (it is in \(target.regions.joined(separator: ", ")))" }
            ?? "\(path) has one instance per region (\(target.regions.joined(separator: ", "))); say which one"
        return .failure(BindingProblem(message: message, hint: "name the instance: \(example)"))
    }
}
