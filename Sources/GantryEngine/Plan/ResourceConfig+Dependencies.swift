import GantryBasics
import GantryProviderKit

extension ResourceConfig {
    /// Every resource this one needs: referenced resources (by attribute name, then in
    /// each value's order) and explicit dependencies, each once.
    var dependencies: [ResourceAddress] {
        // Most attributes hold no reference: only those that do are sorted and walked.
        var referring: [(key: String, value: Value)] = []
        for (key, value) in attributes where value.containsUnknown { referring.append((key, value)) }
        if referring.count > 1 { referring.sort { $0.key < $1.key } }
        var out: [ResourceAddress] = []
        var seen: Set<ResourceAddress>?
        func add(_ address: ResourceAddress) {
            // Most resources need a few others, found faster by a linear search than by
            // hashing; past `linearLimit` a set keeps a long `dependsOn` from going quadratic.
            if out.count < Self.linearLimit {
                if !out.contains(address) { out.append(address) }
                return
            }
            if seen == nil { seen = Set(out) }
            if seen?.insert(address).inserted == true { out.append(address) }
        }
        for (_, value) in referring {
            for ref in value.references { add(ref.address) }
        }
        for dep in dependsOn { add(dep) }
        return out
    }

    /// How many dependencies `dependencies` deduplicates by linear search before it hashes.
    private static let linearLimit = 32
}
