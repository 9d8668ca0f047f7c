extension IntentItem {
    /// The regions this item may be in: its own region, or — for a node pool with no region
    /// of its own — its `capacity.regions` failover order (the pool lands, whole, in the
    /// first of them with capacity), each once. Empty for an item with neither.
    ///
    /// Checks that must hold wherever the item lands (residency, allowed regions) look at
    /// each of these.
    public var candidateRegions: [String] {
        if let region { return [region] }
        guard kind == "node_pools" else { return [] }
        var out: [String] = []
        for case .string(let region) in attributes["capacity"]?["regions"]?.arrayValue ?? [] where !out.contains(region) {
            out.append(region)
        }
        return out
    }
}
