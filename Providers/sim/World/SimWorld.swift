import GantryBasics

/// The simulated cloud seen from outside the provider: what `gantry sim` uses to inspect
/// the world and to make drift (delete a resource, change a node count, drain a zone).
///
/// Opened on a working directory; it shares the world files with every `SimProvider` on
/// that directory, in this process or another.
///
/// ```swift
/// let world = SimWorld(workingDirectory: ".")
/// try await world.setAttribute("sim-node-group-00000007", key: "desired_size", value: 3)
/// try await world.drainCapacity(zone: "us-east-1a", market: "spot")
/// ```
public final class SimWorld: Sendable {
    private let core: SimWorldCore

    public init(workingDirectory: String) {
        core = SimWorldCore(directory: SimProvider.worldDirectory(workingDirectory: workingDirectory), fsync: false)
    }

    /// Every resource, oldest first; only those of `type` when given.
    public func list(type: String? = nil) async throws -> [SimResource] {
        try await core.transact { t in
            t.state.resources.values.filter { type == nil || $0.type == type }.sorted { $0.serial < $1.serial }
        }
    }

    /// The resource with this id, or created for this Gantry address.
    public func resource(_ idOrAddress: String) async throws -> SimResource {
        let found = try await core.transact { t in Self.find(idOrAddress, in: t.state) }
        guard let found else { throw SimError(.noSuchResource(idOrAddress)) }
        return found
    }

    /// Deletes a resource behind Gantry's back; its next read answers `notFound`.
    @discardableResult
    public func deleteResource(_ idOrAddress: String) async throws -> SimResource {
        let removed = try await core.transact { t -> SimResource? in
            guard let r = Self.find(idOrAddress, in: t.state) else { return nil }
            t.apply(.remove(id: r.id))
            return r
        }
        guard let removed else { throw SimError(.noSuchResource(idOrAddress)) }
        return removed
    }

    /// Changes one attribute behind Gantry's back (`desired_size` of a node group, …).
    /// `id` cannot change; `null` removes the attribute.
    @discardableResult
    public func setAttribute(_ idOrAddress: String, key: String, value: Value) async throws -> SimResource {
        guard key != "id" else { throw SimError(.invalidArgument("a resource's `id` cannot change")) }
        guard !value.containsUnknown else { throw SimError(.invalidArgument("`\(key)` needs a concrete value")) }
        let changed = try await core.transact { t -> SimResource? in
            guard var r = Self.find(idOrAddress, in: t.state) else { return nil }
            r.attributes[key] = value.isNull ? nil : value
            t.apply(.put(r))
            return r
        }
        guard let changed else { throw SimError(.noSuchResource(idOrAddress)) }
        return changed
    }

    /// Takes all capacity of a zone away (or only one instance type and/or market) until
    /// `restoreCapacity` — node groups that exist keep running, new ones fail there.
    public func drainCapacity(zone: String, instanceType: String? = nil, market: String? = nil) async throws {
        if let market, !SimMarket.all.contains(market) {
            throw SimError(.invalidArgument("market `\(market)` must be spot or on-demand"))
        }
        let drain = SimDrain(zone: zone, instanceType: instanceType, market: market)
        try await core.transact { t in t.apply(.drain(drain)) }
    }

    /// Undoes a `drainCapacity` with the same arguments.
    public func restoreCapacity(zone: String, instanceType: String? = nil, market: String? = nil) async throws {
        let drain = SimDrain(zone: zone, instanceType: instanceType, market: market)
        try await core.transact { t in t.apply(.undrain(drain)) }
    }

    /// Makes the new nodes of node groups created or scaled up from now on fail to boot
    /// (only of `instanceType` / in `zone` when given), until `healNodes` with the same
    /// arguments.
    public func failNewNodes(_ fault: SimNodeFault) async throws {
        try await core.transact { t in t.apply(.failNodes(fault)) }
    }

    /// Undoes a `failNewNodes` with the same arguments.
    public func healNodes(_ fault: SimNodeFault) async throws {
        try await core.transact { t in t.apply(.healNodes(fault)) }
    }

    /// Node failures in force, from `failNewNodes`.
    public func nodeFaults() async throws -> [SimNodeFault] {
        try await core.transact { t in t.state.nodeFaults.sorted { $0.description < $1.description } }
    }

    /// Drains in force (from `drainCapacity`; config `drained` entries are not listed).
    public func drains() async throws -> [SimDrain] {
        try await core.transact { t in t.state.drains.sorted { $0.description < $1.description } }
    }

    /// Empties the world: every resource and drain is gone. Ids are not reused.
    public func reset() async throws {
        try await core.transact { t in t.apply(.reset) }
        try await core.compact()
    }

    /// Rewrites the world as one snapshot and an empty log.
    public func compact() async throws { try await core.compact() }

    /// Resource counts per type, nodes per zone and market, drains.
    public func summary() async throws -> SimSummary {
        try await core.transact { t in
            var summary = SimSummary()
            for r in t.state.resources.values {
                summary.resourcesByType[r.type, default: 0] += 1
            }
            for id in t.state.nodeGroupIDs {
                guard let g = t.state.resources[id], let zone = g.attributes["zone"]?.stringValue else { continue }
                let market = g.attributes["market"]?.stringValue ?? SimMarket.onDemand
                summary.nodesByZone["\(zone) \(market)", default: 0] += g.attributes["desired_size"]?.intValue ?? 0
            }
            summary.drains = t.state.drains.sorted { $0.description < $1.description }
            return summary
        }
    }

    private static func find(_ idOrAddress: String, in state: SimWorldState) -> SimResource? {
        if let r = state.resources[idOrAddress] { return r }
        return state.resources.values.first { $0.tags[SimTag.address] == idOrAddress }
    }
}

/// A short account of the world for `gantry sim status`.
public struct SimSummary: Sendable, Hashable {
    public var resourcesByType: [String: Int] = [:]
    /// `"us-east-1a spot"` → nodes running there.
    public var nodesByZone: [String: Int] = [:]
    public var drains: [SimDrain] = []

    public var totalResources: Int { resourcesByType.values.reduce(0, +) }
}
