import GantryBasics

/// A create that was journaled as started but not yet as finished: after a crash the
/// engine looks for a cloud resource tagged with `token` and adopts it instead of
/// creating a duplicate.
public struct PendingCreate: Sendable, Hashable {
    public var address: ResourceAddress
    public var type: String
    public var provider: String
    /// The tag value the resource carries (its Gantry address token).
    public var token: String

    public init(address: ResourceAddress, type: String, provider: String, token: String) {
        self.address = address
        self.type = type
        self.provider = provider
        self.token = token
    }
}

extension StateDocument {
    /// The metadata key under which replay keeps pending creates:
    /// `{"<address>": {"type": …, "provider": …, "token": …}}`.
    public static let pendingCreatesKey = "pending_creates"

    /// Creates journaled as started whose outcome (`.put` or `.remove`) was never recorded.
    public var pendingCreates: [PendingCreate] {
        guard case .object(let pending)? = metadata[StateDocument.pendingCreatesKey] else { return [] }
        return pending.keys.sorted().compactMap { key in
            guard let record = pending[key], let type = record["type"]?.stringValue,
                  let provider = record["provider"]?.stringValue, let token = record["token"]?.stringValue
            else { return nil }
            return PendingCreate(address: ResourceAddress(key), type: type, provider: provider, token: token)
        }
    }

    /// The resource at `address`, found by binary search (resources are sorted).
    public func resource(at address: ResourceAddress) -> ResourceState? {
        resourceIndex(of: address).map { resources[$0] }
    }

    /// Applies one journal entry in place, keeping resources sorted.
    ///
    /// `.intent` records a pending create; `.put` upserts and `.remove` deletes, and both
    /// clear a pending create for that address; `.metadata` sets a key.
    public mutating func apply(_ entry: JournalEntry) {
        switch entry {
        case .put(let resource):
            let position = insertionPoint(for: resource.address)
            if position < resources.count, resources[position].address == resource.address {
                resources[position] = resource
            } else {
                resources.insert(resource, at: position)
            }
            clearPendingCreate(resource.address)
        case .remove(let address):
            if let index = resourceIndex(of: address) { resources.remove(at: index) }
            clearPendingCreate(address)
        default:
            applyToMetadata(entry)
        }
    }

    /// This document with `entries` applied in order — the replay of a journal.
    ///
    /// Linear in the size of the state plus the entries: resources are indexed once
    /// and sorted once, not shifted on every insert.
    public func applying(_ entries: some Sequence<JournalEntry>) -> StateDocument {
        var copy = self
        var byAddress: [ResourceAddress: ResourceState] = [:]
        byAddress.reserveCapacity(resources.count)
        for resource in resources { byAddress[resource.address] = resource }
        // Pending creates are edited in a local dictionary, not through `metadata`, so
        // each entry costs O(1) rather than a copy of every pending record.
        var pending = copy.takePendingCreates()
        var touched = false
        for entry in entries {
            switch entry {
            case .put(let resource):
                byAddress[resource.address] = resource
                pending.removeValue(forKey: resource.address.rawValue)
                touched = true
            case .remove(let address):
                if byAddress.removeValue(forKey: address) != nil { touched = true }
                pending.removeValue(forKey: address.rawValue)
            case .intent(let address, let type, let provider, let token):
                pending[address.rawValue] = StateDocument.pendingRecord(type: type, provider: provider, token: token)
            case .metadata(let key, let value):
                if key == StateDocument.pendingCreatesKey {
                    pending = value.objectValue ?? [:]
                } else {
                    copy.metadata[key] = value
                }
            }
        }
        if !pending.isEmpty { copy.metadata[StateDocument.pendingCreatesKey] = .object(pending) }
        if touched { copy.resources = byAddress.values.sorted { $0.address < $1.address } }
        return copy
    }

    private mutating func applyToMetadata(_ entry: JournalEntry) {
        switch entry {
        case .intent(let address, let type, let provider, let token):
            var pending = takePendingCreates()
            pending[address.rawValue] = StateDocument.pendingRecord(type: type, provider: provider, token: token)
            metadata[StateDocument.pendingCreatesKey] = .object(pending)
        case .metadata(let key, let value):
            metadata[key] = value
        case .put, .remove:
            break
        }
    }

    private mutating func clearPendingCreate(_ address: ResourceAddress) {
        guard metadata[StateDocument.pendingCreatesKey] != nil else { return }
        var pending = takePendingCreates()
        pending.removeValue(forKey: address.rawValue)
        if !pending.isEmpty { metadata[StateDocument.pendingCreatesKey] = .object(pending) }
    }

    /// Moves the pending-creates record out of `metadata`, so editing it does not copy it.
    private mutating func takePendingCreates() -> [String: Value] {
        guard case .object(let pending)? = metadata.removeValue(forKey: StateDocument.pendingCreatesKey) else { return [:] }
        return pending
    }

    private static func pendingRecord(type: String, provider: String, token: String) -> Value {
        ["type": .string(type), "provider": .string(provider), "token": .string(token)]
    }

    func resourceIndex(of address: ResourceAddress) -> Int? {
        let position = insertionPoint(for: address)
        return position < resources.count && resources[position].address == address ? position : nil
    }

    /// The first index whose address is not less than `address`.
    func insertionPoint(for address: ResourceAddress) -> Int {
        var low = 0
        var high = resources.count
        while low < high {
            let mid = (low + high) / 2
            if resources[mid].address < address { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
