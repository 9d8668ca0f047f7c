import GantryBasics
import GantryCatalog

extension Validator {
    /// Checks against the GPU catalog: GPU models, instance types, MIG profiles and layouts,
    /// interconnect support and region names. Each pool is resolved per region to the
    /// instance type it will run on; `resolvedInstanceTypes` records the result for intents.
    mutating func validateAgainstCatalog() {
        guard let catalog else { return }
        checkRegionNames(catalog)
        for pool in decls.nodePools { checkPool(pool, catalog) }
    }

    private mutating func checkRegionNames(_ catalog: any SpecCatalog) {
        var reported = Set<SourceLocation>()
        for item in items {
            for region in item.regions where !catalog.isKnownRegion(region.value, provider: item.provider) {
                guard reported.insert(region.location).inserted else { continue }
                report(.error("unknown-region", "unknown region '\(region.value)' for provider '\(item.provider)'",
                              at: region.location, path: item.path,
                              hint: EditDistance.hint(for: region.value, among: catalog.regionNames(provider: item.provider))))
            }
        }
    }

    private mutating func checkPool(_ pool: NodePoolDecl, _ catalog: any SpecCatalog) {
        let path = pool.item.path
        var model = pool.gpuModel.flatMap { catalog.canonicalGPUModel($0.value) }
        let written = pool.gpuModels.isEmpty ? (pool.gpuModel.map { [$0] } ?? []) : pool.gpuModels
        var unknownModel = false
        for written in written where catalog.canonicalGPUModel(written.value) == nil {
            report(.error("unknown-gpu", "unknown GPU model '\(written.value)'", at: written.location, path: "\(path).gpu.model",
                          expected: "one of: \(catalog.gpuModelNames.joined(separator: ", "))",
                          hint: EditDistance.hint(for: written.value, among: catalog.gpuModelNames)))
            unknownModel = true
        }
        if unknownModel { return }
        let alternatives = written.compactMap { catalog.canonicalGPUModel($0.value) }
        var fixedType: SpecInstanceType?
        if let typeName = pool.instanceType {
            guard let type = catalog.instanceType(typeName.value, provider: pool.item.provider) else {
                report(.error("unknown-instance-type", "unknown instance type '\(typeName.value)' for provider '\(pool.item.provider)'",
                              at: typeName.location, path: "\(path).gpu.type",
                              hint: EditDistance.hint(for: typeName.value, among: catalog.instanceTypeNames(provider: pool.item.provider))
                                  ?? "list GPU instance types with `gantry catalog`"))
                return
            }
            fixedType = type
            model = type.gpuModel
        }
        if let model { checkMIG(pool, model: model, catalog) }

        let net = network(of: pool)
        // Report an unsuitable type once per pool and type, not once per region.
        var reportedTypes = Set<String>()
        for region in pool.item.regions where catalog.isKnownRegion(region.value, provider: pool.item.provider) {
            var type = fixedType
            if let t = fixedType, !t.regions.isEmpty, !t.regions.contains(region.value) {
                report(.error("no-capacity-offer", "\(t.name) is not offered in \(region.value)", at: region.location,
                              path: "\(path).capacity.regions", hint: "it is offered in \(t.regions.prefix(6).joined(separator: ", "))"))
                continue
            }
            if type == nil, let model, let count = pool.gpuCount?.value ?? (pool.gpuModel != nil ? 1 : nil) {
                type = cheapestInstance(for: OfferQuery(models: alternatives, count: count,
                                                        minMemoryGiB: pool.gpuMemoryMinGiB?.value,
                                                        provider: pool.item.provider, region: region.value), catalog)
                if type == nil {
                    let models = alternatives.joined(separator: " or ")
                        + (pool.gpuMemoryMinGiB.map { " with at least \($0.value) GiB each" } ?? "")
                    report(.error("no-capacity-offer",
                                  "no instance type with \(count) × \(models) is offered in \(region.value) (provider '\(pool.item.provider)')",
                                  at: pool.gpuModel?.location ?? pool.item.location, path: "\(path).gpu",
                                  hint: "try another region or GPU count; `gantry catalog --gpu \(model)` lists the offers"))
                    continue
                }
            }
            guard let type else { continue }
            resolvedInstanceTypes[pool.item.name, default: [:]][region.value] = type.name
            guard let net, reportedTypes.insert(type.name).inserted else { continue }
            var fabricMissing = false
            if let fabric = net.fabric, fabric.value == "efa" || fabric.value == "infiniband",
               type.fabric.rawValue != fabric.value {
                report(.error("interconnect-unsupported",
                              "node pool '\(pool.item.name)' runs on \(type.name), which has no \(fabric.value == "efa" ? "EFA" : "InfiniBand") interconnect, but network '\(net.item.name)' requires \(fabric.value)",
                              at: pool.instanceType?.location ?? pool.gpuModel?.location ?? pool.item.location, path: "\(path).gpu",
                              hint: fabric.value == "efa" ? "use an EFA-capable type such as p5.48xlarge, or set the network's fabric to none"
                                  : "use an InfiniBand-capable type, or set the network's fabric to none"))
                fabricMissing = true
            }
            // A type without the fabric is the root cause; its lack of cluster placement is noise then.
            if !fabricMissing, let placement = net.placement, placement.value == "cluster", !type.supportsClusterPlacement {
                report(.error("placement-unsupported",
                              "node pool '\(pool.item.name)' runs on \(type.name), which does not support cluster placement (network '\(net.item.name)')",
                              at: pool.instanceType?.location ?? pool.gpuModel?.location ?? pool.item.location, path: "\(path).gpu",
                              hint: "use a type that supports cluster placement, or remove placement: cluster"))
            }
        }
    }

    /// What a pool asks the catalog for in one region.
    struct OfferQuery: Hashable {
        var models: [String]
        var count: Int
        var minMemoryGiB: Int?
        var provider: String
        var region: String
    }

    /// The catalog's cheapest offer for `query`, looked up once per distinct query: the
    /// pools of a large spec repeat a handful of GPU, count and region choices, and each
    /// lookup scans the catalog's offers.
    private mutating func cheapestInstance(for query: OfferQuery, _ catalog: any SpecCatalog) -> SpecInstanceType? {
        if let known = offers[query] { return known }
        let offer = catalog.cheapestInstance(gpus: query.models, count: query.count, minMemoryGiB: query.minMemoryGiB,
                                             provider: query.provider, region: query.region)
        offers[query] = offer
        return offer
    }

    /// A MIG profile must exist for the GPU; a mixed layout must fit the GPU's 7 compute and
    /// 8 memory slices and each profile's instance limit (`MIGLayout.fitProblems`, which
    /// names each profile's share of the slices).
    private mutating func checkMIG(_ pool: NodePoolDecl, model: String, _ catalog: any SpecCatalog) {
        guard pool.migProfile != nil || !pool.migLayout.isEmpty else { return }
        let path = "\(pool.item.path).mig"
        let profiles = catalog.migProfiles(ofGPU: model)
        let gpu = GPUModel(name: model, memoryGiB: 0, migProfiles: profiles.map {
            MIGProfile(name: $0.name, computeSlices: $0.computeSlices, memorySlices: $0.memorySlices,
                       maxInstances: $0.maxInstances)
        }, source: "")
        let layout: MIGLayout
        var entries: [String: NodePoolDecl.MIGLayoutEntry] = [:]
        if let profile = pool.migProfile {
            layout = MIGLayout([(profile.value, 1)])
            entries[profile.value] = .init(profile: profile, count: 1, path: "\(path).profile")
        } else {
            layout = MIGLayout(pool.migLayout.map { ($0.profile.value, $0.count) })
            for entry in pool.migLayout { entries[entry.profile.value] = entry }
        }
        for problem in layout.fitProblems(on: gpu) {
            let entry = problem.profile.flatMap { entries[$0] }
            let location = entry?.profile.location ?? pool.migLocation ?? pool.item.location
            let at = entry?.path ?? path
            switch problem {
            case .unsupported:
                report(.error("mig-unsupported", problem.description, at: location, path: path,
                              hint: "MIG needs an A100, H100, H200 or similar; remove 'mig' or change the GPU"))
            case .unknownProfile(let name, _, let known):
                report(.error("mig-profile", "\(problem.description)", at: location, path: at,
                              expected: "one of: \(known.joined(separator: ", "))",
                              hint: EditDistance.hint(for: name, among: known)))
            case .badCount, .tooMany:
                report(.error("mig-layout", problem.description, at: location, path: at))
            case .slices:
                report(.error("mig-layout", problem.description, at: pool.migLocation ?? pool.item.location, path: path,
                              hint: "use fewer or smaller profiles"))
            }
        }
    }
}
