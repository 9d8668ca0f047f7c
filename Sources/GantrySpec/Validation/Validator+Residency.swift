import GantryBasics

extension Validator {
    /// Residency of a region: the spec's `regions:` section first, then the catalog.
    func residency(ofRegion region: String) -> String? {
        regionDecls[region]?.residency?.value ?? catalog?.residency(ofRegion: region)
    }

    /// Storage or pools bound to a residency (`residency: eu`) or to GDPR must stay in
    /// regions with that residency (GDPR: EU residency, or a region marked `compliance: [gdpr]`).
    mutating func checkResidency() {
        for store in decls.storage {
            let gdpr = store.compliance.first { $0.value.lowercased() == "gdpr" }
            check(store.item, residency: store.residency, gdpr: gdpr)
        }
        for pool in decls.nodePools { check(pool.item, residency: pool.residency, gdpr: nil) }
    }

    private mutating func check(_ item: ItemDecl, residency: Located<String>?, gdpr: Located<String>?) {
        for region in item.regions {
            let actual = self.residency(ofRegion: region.value)
            if let required = residency, actual?.lowercased() != required.value.lowercased() {
                let described = actual.map { "residency '\($0)'" } ?? "unknown residency"
                report(.error("residency",
                              "\(item.path) must stay in '\(required.value)' but \(region.value) has \(described)",
                              at: region.location, path: "\(item.path).region",
                              hint: actual == nil ? "declare it: regions: { \(region.value): { residency: … } }"
                                  : "move it to a region with residency '\(required.value)'"))
                continue
            }
            if let gdpr {
                let marked = regionDecls[region.value]?.compliance.contains { $0.value.lowercased() == "gdpr" } ?? false
                if !marked && actual?.lowercased() != "eu" {
                    report(.error("residency",
                                  "\(item.path) is GDPR-bound but \(region.value) is outside the EU",
                                  at: region.location, path: "\(item.path).region",
                                  hint: "place GDPR data in an EU region such as eu-central-1 (compliance set at \(gdpr.location))"))
                }
            }
        }
    }
}
