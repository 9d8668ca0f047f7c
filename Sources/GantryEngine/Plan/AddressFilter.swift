import GantryBasics

/// Matches `--target` / `--exclude` addresses against resource addresses.
///
/// A pattern matches an address equal to it or extending it by whole segments, so
/// `node_pools.x` selects `node_pools.x.sim_node_group.main` and `node_pools.x[us-east-1]…`
/// but not `node_pools.xl`.
struct AddressFilter {
    let patterns: [String]

    init(_ patterns: [ResourceAddress]) { self.patterns = patterns.map(\.rawValue) }

    var isEmpty: Bool { patterns.isEmpty }

    func matches(_ address: ResourceAddress, origin: ResourceAddress? = nil) -> Bool {
        patterns.contains { pattern in
            Self.extends(address.rawValue, pattern) || origin.map { Self.extends($0.rawValue, pattern) } == true
        }
    }

    private static func extends(_ address: String, _ pattern: String) -> Bool {
        guard address.hasPrefix(pattern) else { return false }
        if address.count == pattern.count { return true }
        let next = address[address.index(address.startIndex, offsetBy: pattern.count)]
        return next == "." || next == "["
    }
}
