import GantryBasics

// What a lower response leaves out over the plugin boundary, and how the host puts it back.
// A 10,000-item spec's response was mostly outputs nobody referenced and locations that
// repeat the items' own (Docs/provider-protocol.md, `lower`).

extension LowerResponse {
    /// The response as a plugin sends it for `request`: outputs cut to
    /// `request.outputsWanted` (and the outputs those refer to), and each resource's
    /// location left out where it is its item's.
    ///
    /// An item missing a wanted output keeps all of its outputs, so the host can still name
    /// the ones it has in its "no attribute" diagnostic.
    /// Consuming, so a fresh response is trimmed in place rather than copied first.
    public consuming func trimmed(for request: LowerRequest) -> LowerResponse {
        var out = self
        var locations = ItemLocations(request.items)
        for index in out.resources.indices
        where out.resources[index].location == locations.location(of: out.resources[index].origin) {
            out.resources[index].location = nil
        }
        guard let wanted = request.outputsWanted else { return out }
        let outputs = out.outputs  // read below while `out` is no longer touched
        var kept: [ResourceAddress: [String: Value]] = [:]
        var work: [(ResourceAddress, String)] = wanted.flatMap { address, names in names.map { (address, $0) } }
        /// Queues the item outputs `value` points at.
        func needOutputs(of value: Value) {
            value.forEachReference { ref in
                if outputs[ref.address] != nil { work.append((ref.address, ref.attribute)) }
            }
        }
        // The provider's own resources may point at its items' outputs (a pool's subnets
        // from its network's item): the host resolves those too.
        for resource in out.resources {
            for value in resource.attributes.values { needOutputs(of: value) }
        }
        while let (address, name) = work.popLast() {
            guard let provided = outputs[address], kept[address]?[name] == nil else { continue }
            guard let value = provided[name] else {
                kept[address] = provided  // a wanted output is missing: send all, for the diagnostic
                continue
            }
            kept[address, default: [:]][name] = value
            needOutputs(of: value)  // an output may point at another item's output
        }
        out.outputs = kept
        return out
    }

    /// The response as the host uses it: locations the plugin left out are its items'.
    /// Consuming, like `trimmed(for:)`.
    public consuming func restored(for request: LowerRequest) -> LowerResponse {
        guard resources.contains(where: { $0.location == nil }) else { return self }
        var out = self
        var locations = ItemLocations(request.items)
        for index in out.resources.indices where out.resources[index].location == nil {
            out.resources[index].location = locations.location(of: out.resources[index].origin)
        }
        return out
    }
}

/// Where each item of a lower request is declared, looked up by the resources lowered
/// from it. Providers lower items in order, so a cursor walking the items finds nearly
/// every resource's item at or just after the previous one's (`AddressIndex`).
private struct ItemLocations {
    var items: AddressIndex<IntentItem>
    var cursor = 0

    init(_ items: [IntentItem]) { self.items = AddressIndex(items) }

    mutating func location(of origin: ResourceAddress) -> SourceLocation? {
        guard let position = items.position(of: origin, trying: cursor..<cursor + 2) else { return nil }
        cursor = position
        return items.elements[position].location
    }
}
