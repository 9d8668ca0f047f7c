import Foundation
import GantryBasics

/// The pure edits behind `gantry state list|show|rm|mv` and `gantry import`. Each returns
/// a new document (serial unchanged: the caller bumps it once with `nextSerial()` before
/// committing) or throws a `StateError` naming the address.
extension StateDocument {
    /// An empty state with a fresh random lineage.
    public static func new() -> StateDocument {
        StateDocument(lineage: UUID().uuidString.lowercased())
    }

    /// This document with the serial moved forward by one, ready to commit.
    public func nextSerial() -> StateDocument {
        var copy = self
        copy.serial += 1
        return copy
    }

    /// The addresses at or under `address`: the address itself, and, when it names a spec
    /// item, every resource lowered from it (`node_pools.a` covers `node_pools.a[us-east-1]`
    /// and `node_pools.a.sim_node_group.main`).
    public func addresses(under address: ResourceAddress) -> [ResourceAddress] {
        let start = insertionPoint(for: address)
        var out: [ResourceAddress] = []
        for resource in resources[start...] {
            guard resource.address.isSameOrUnder(address) else {
                // Sorted order keeps everything under `address` together, except that
                // "a.b" < "a.b-c" < "a.b.x": skip siblings that merely share the prefix.
                if resource.address.rawValue.hasPrefix(address.rawValue) { continue }
                break
            }
            out.append(resource.address)
        }
        return out
    }

    /// This document without the resources at or under `address` (see `addresses(under:)`);
    /// dependencies on them are dropped from the resources that remain.
    ///
    /// - Throws: `StateError.notFound` with the closest address as a suggestion.
    public func removing(address: ResourceAddress) throws(StateError) -> StateDocument {
        let doomed = Set(addresses(under: address))
        guard !doomed.isEmpty else { throw notFound(address) }
        var copy = self
        copy.resources = resources.compactMap { resource in
            if doomed.contains(resource.address) { return nil }
            var kept = resource
            if kept.dependencies.contains(where: doomed.contains) {
                kept.dependencies.removeAll(where: doomed.contains)
            }
            return kept
        }
        return copy
    }

    /// This document with the resources at or under `source` renamed to `destination`
    /// (`node_pools.a` → `node_pools.b` also moves `node_pools.a[us-east-1].…`).
    /// Dependencies and origins that point at moved resources follow them.
    ///
    /// - Throws: `StateError.notFound` when nothing is at `source`; `.alreadyExists` when
    ///   a moved address would land on one already in state.
    public func moving(from source: ResourceAddress, to destination: ResourceAddress) throws(StateError) -> StateDocument {
        let moved = addresses(under: source)
        guard !moved.isEmpty else { throw notFound(source) }
        guard source != destination else { return self }
        var renames: [ResourceAddress: ResourceAddress] = [:]
        for address in moved {
            renames[address] = ResourceAddress(destination.rawValue + address.rawValue.dropFirst(source.rawValue.count))
        }
        for target in renames.values where renames[target] == nil && resource(at: target) != nil {
            throw StateError(.alreadyExists(address: target))
        }
        func rename(_ a: ResourceAddress) -> ResourceAddress { renames[a] ?? a }
        var copy = self
        copy.resources = resources.map { resource in
            var r = resource
            r.address = rename(r.address)
            r.dependencies = r.dependencies.map(rename)
            r.origin = r.origin.map(rename)
            return r
        }.sorted { $0.address < $1.address }
        return copy
    }

    /// This document with `resource` added, as `gantry import` records a resource that
    /// already exists in the cloud.
    ///
    /// - Throws: `StateError.alreadyExists` when the address is taken.
    public func importing(_ resource: ResourceState) throws(StateError) -> StateDocument {
        guard self.resource(at: resource.address) == nil else {
            throw StateError(.alreadyExists(address: resource.address))
        }
        var copy = self
        copy.apply(.put(resource))
        return copy
    }

    /// The resource at `address`, or `StateError.notFound` with a suggestion.
    public func requireResource(at address: ResourceAddress) throws(StateError) -> ResourceState {
        guard let found = resource(at: address) else { throw notFound(address) }
        return found
    }

    /// Rejects a document from another state or an older serial of this one, as a saved
    /// plan is checked before it is applied.
    public func checkSame(lineage expected: String, serial expectedSerial: Int) throws(StateError) {
        guard lineage == expected else { throw StateError(.lineageMismatch(expected: expected, found: lineage)) }
        guard serial == expectedSerial else { throw StateError(.staleSerial(current: serial, offered: expectedSerial)) }
    }

    private func notFound(_ address: ResourceAddress) -> StateError {
        StateError(.notFound(address: address, suggestion: closestAddress(to: address)))
    }

    /// The address in state closest to a mistyped one, when one is close.
    func closestAddress(to address: ResourceAddress) -> ResourceAddress? {
        // Items (origins) are candidates too: `rm node_pools.h100-trian` means the item.
        var candidates = Set(resources.lazy.compactMap(\.origin))
        candidates.formUnion(resources.lazy.map(\.address))
        return AddressSuggestion.closest(to: address, among: candidates.sorted())
    }
}

extension ResourceState {
    /// The attributes as people may see them: sensitive ones shown as `(sensitive)`,
    /// for `gantry state show` and logs.
    public var displayAttributes: [String: Value] {
        Redaction.mask(attributes, paths: sensitivePaths)
    }
}

extension ResourceAddress {
    /// True for `self == other` and for addresses nested under it (`other.` or `other[`).
    func isSameOrUnder(_ other: ResourceAddress) -> Bool {
        let raw = rawValue, prefix = other.rawValue
        guard raw.hasPrefix(prefix) else { return false }
        guard raw.utf8.count > prefix.utf8.count else { return true }
        let next = raw.utf8[raw.utf8.index(raw.utf8.startIndex, offsetBy: prefix.utf8.count)]
        return next == UInt8(ascii: ".") || next == UInt8(ascii: "[")
    }
}
