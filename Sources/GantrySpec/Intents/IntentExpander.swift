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
        /// The position of the item's first instance in the intent list.
        var firstInstance: Int
        /// `kind.name`: what a reference to a single-instance item binds to, built once
        /// rather than once per reference.
        var plainAddress: ResourceAddress
        var isMultiRegion: Bool { regions.count > 1 }
    }

    /// The intents, binding problems, and the dependency graph by position when it can stand
    /// for the address graph (see `InstanceGraph`).
    struct Expansion {
        var items: [IntentItem]
        var diagnostics: [Diagnostic]
        var instanceGraph: InstanceGraph?
    }

    func expand() -> Expansion {
        // Declarations are read in place through the buffer: iterating the array, or
        // indexing it, copies each one out (retaining every field), which showed in
        // profiles of 10,000-item specs.
        items.withUnsafeBufferPointer { items in
            var targets: [ItemName: Target] = [:]
            targets.reserveCapacity(items.count)
            var instanceCount = 0
            // Addresses are `kind.name` or `kind.name[region]`: distinct when names are, no
            // name contains `[`, and no item lists a region twice.
            var addressesAreDistinct = true
            for index in items.indices {
                // An item that fails over across regions is one instance: references name it plainly.
                let regions = items[index].failsOverAcrossRegions ? [] : items[index].regions.map(\.value)
                targets[ItemName(kind: items[index].kind, name: items[index].name)]
                    = Target(regions: regions, firstInstance: instanceCount,
                             plainAddress: .item(kind: items[index].kind, name: items[index].name))
                instanceCount += regions.isEmpty ? 1 : regions.count
                if items[index].name.utf8.contains(UInt8(ascii: "[")) || regions.count > 1 && Set(regions).count < regions.count {
                    addressesAreDistinct = false
                }
            }
            if targets.count < items.count { addressesAreDistinct = false }

            var builder = Builder(targets: targets)
            builder.out.reserveCapacity(instanceCount)
            for index in items.indices { builder.add(items[index], instanceTypes: instanceTypes) }
            return Expansion(items: builder.out, diagnostics: builder.diagnostics,
                             instanceGraph: addressesAreDistinct ? builder.graph : nil)
        }
    }

    /// The intents built so far, the binding failures reported (once per place written) and
    /// the dependencies by position.
    private struct Builder {
        let targets: [ItemName: Target]
        var out: [IntentItem] = []
        var graph = InstanceGraph()
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
                        bound.bind(reference.value, to: target.address)
                        graph.addDependency(on: target.instance)
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
                            bound.depend(on: target.address)
                            graph.addDependency(on: target.instance)
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
                graph.finishInstance()
            }
        }
    }

    private struct BindingProblem: Error {
        var message: String
        var hint: String?
    }

    /// What a reference binds to: an instance's address and its position in the intent list.
    private struct BoundInstance {
        var address: ResourceAddress
        var instance: Int
    }

    private static func bind(_ reference: ItemReference, from region: String?,
                             targets: [ItemName: Target]) -> Result<BoundInstance, BindingProblem> {
        var path: String { "\(reference.kind).\(reference.name)" }
        guard let target = targets[ItemName(kind: reference.kind, name: reference.name)] else {
            // Unknown items were reported while evaluating; an item that failed to parse lands here.
            return .failure(BindingProblem(message: "\(path) could not be read", hint: nil))
        }
        if let key = reference.key {
            if target.isMultiRegion {
                guard let position = target.regions.firstIndex(of: key) else {
                    return .failure(BindingProblem(message: "\(path) has no instance in \(key)",
                                                   hint: "its regions are \(target.regions.joined(separator: ", "))"))
                }
                return .success(BoundInstance(address: .item(kind: reference.kind, name: reference.name, key: key),
                                              instance: target.firstInstance + position))
            }
            guard target.regions.isEmpty || target.regions == [key] else {
                return .failure(BindingProblem(message: "\(path) is only in \(target.regions.joined()), not \(key)",
                                               hint: "drop the [\(key)]"))
            }
            return .success(BoundInstance(address: target.plainAddress, instance: target.firstInstance))
        }
        guard target.isMultiRegion else {
            return .success(BoundInstance(address: target.plainAddress, instance: target.firstInstance))
        }
        if let region, let position = target.regions.firstIndex(of: region) {
            return .success(BoundInstance(address: .item(kind: reference.kind, name: reference.name, key: region),
                                          instance: target.firstInstance + position))
        }
        let example = "${\(path)[\(target.regions[0])].\(reference.attribute)}"
        let message = region.map { "\(path) has no instance in \($0) (it is in \(target.regions.joined(separator: ", ")))" }
            ?? "\(path) has one instance per region (\(target.regions.joined(separator: ", "))); say which one"
        return .failure(BindingProblem(message: message, hint: "name the instance: \(example)"))
    }
}
