import GantryBasics

extension Validator {
    /// Checks against the GPU catalog (filled in once GantryCatalog lands on main).
    mutating func validateAgainstCatalog() {}

    /// Residency of a region: the `regions:` section first, then the catalog.
    func residency(ofRegion region: String) -> String? {
        decls.regions.first { $0.item.name == region }?.residency?.value
    }

    mutating func checkResidency() {}
}
