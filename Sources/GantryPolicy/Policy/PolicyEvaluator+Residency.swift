import GantryBasics

extension PolicyEvaluator.Run {
    /// `residency`: storage tagged with a data class (its `compliance:` list) stays in the
    /// areas or regions the class allows, and so do the node pools that attach to it.
    mutating func residency() {
        guard let residency = policies.residency else { return }
        let pools = items("node_pools")
        for dataClass in residency.dataClasses.keys.sorted() {
            let allowed = residency.dataClasses[dataClass] ?? []
            let id = "residency.\(dataClass)"
            let rulePath = dataClass == "gdpr" && sources.location(of: "policies.residency.gdpr_data_stays_in") != nil
                ? "policies.residency.gdpr_data_stays_in" : "policies.residency.data_classes.\(dataClass)"
            let allowedText = allowed.joined(separator: ", ")
            declare(id, residency.severity, "\(dataClass) data and the pools attached to it stay in: \(allowedText)",
                    docs: residency.docs, anchor: "residency", at: sources.location(of: rulePath) ?? policies.locations["residency"])
            for store in items("storage") {
                let classes = (store.attributes["compliance"]?.arrayValue ?? []).compactMap { $0.stringValue?.lowercased() }
                guard classes.contains(dataClass), let region = store.region ?? store.attributes["region"]?.stringValue else {
                    continue
                }
                check(id, store, region: region, allowed: allowed, severity: residency.severity,
                      why: "\(store.address) holds \(dataClass) data")
                let attached = Set((store.attributes["attach"]?.arrayValue ?? []).compactMap(\.stringValue))
                // A pool that fails over across regions must be allowed in each it may land in.
                for pool in pools where attached.contains(pool.name) {
                    for poolRegion in pool.candidateRegions {
                        check(id, pool, region: poolRegion, allowed: allowed, severity: residency.severity,
                              why: "\(pool.address) attaches \(dataClass) storage \(store.address)")
                    }
                }
            }
        }
    }

    private mutating func check(_ id: String, _ item: IntentItem, region: String, allowed: [String],
                                severity: PolicySeverity, why: String) {
        let area = input.residency(ofRegion: region)
        if allowed.contains(region) || area.map(allowed.contains) == true {
            pass(id, item.address.rawValue)
            return
        }
        let described = area.map { "residency \($0)" } ?? "unknown residency"
        let suggestion = input.catalog.regions
            .filter { $0.provider == "aws" && (allowed.contains($0.id) || allowed.contains($0.residency)) }
            .map(\.id).first
        fail(id, item.address.rawValue, severity,
             "\(why) but is in \(region) (\(described)); \(id.dropFirst("residency.".count)) data may only live in: "
                + allowed.joined(separator: ", "),
             address: item.address, at: regionLocation(of: item, region: region),
             hint: suggestion.map { "move it to a region such as \($0)" })
    }
}
