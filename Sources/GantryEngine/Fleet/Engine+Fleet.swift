import Foundation
import GantryBasics
import GantryProviderKit
import GantryState

extension Engine {
    /// State metadata key: where each node pool landed and why, by placement resource.
    public static let placementsMetadataKey = "capacity.placements"

    /// Seconds since 1970.
    static func now() -> Double { Date().timeIntervalSince1970 }

    /// Keeps the failover orders of pools this plan creates, asks the providers for a
    /// forecast of each offer, and replaces the providers' own capacity notes on those
    /// pools with per-offer warnings.
    func forecastFleet(_ plan: Plan, pools: [PoolOffers], resources: [ResourceConfig]) async -> Plan {
        guard !pools.isEmpty else { return plan }
        var actions: [ResourceAddress: ChangeAction] = [:]
        for change in plan.changes { actions[change.address] = change.action }
        let creating = pools.filter {
            guard let action = actions[$0.resource] else { return false }
            return action == .create || action.isReplace
        }
        guard !creating.isEmpty else { return plan }
        var out = plan
        out.fleet = await FleetForecaster(providers: providers).forecast(creating, resources: resources)
        let placed = Set(creating.map { "\($0.resource): " })
        out.diagnostics.removeAll { d in
            FleetForecaster.capacityCodes.contains(d.code) && placed.contains { d.message.hasPrefix($0) }
        }
        out.diagnostics += FleetForecaster.diagnostics(out.fleet)
        return out
    }

    /// The failover an apply of `plan` uses, after checking quotas again: a pool whose
    /// every offer exceeds a quota stops the apply before anything is created.
    func fleetFailover(for plan: Plan, state: StateDocument?, options: ApplyOptions)
        async throws(EngineError) -> FleetFailover?
    {
        guard options.capacityFailover == nil, !plan.fleet.isEmpty else { return nil }
        var resources: [ResourceConfig] = []
        for change in plan.changes where plan.fleet.contains(where: { $0.resource == change.address }) {
            resources.append(ResourceConfig(address: change.address, type: change.type, name: change.name,
                                            provider: change.provider, attributes: change.config ?? change.after ?? [:],
                                            origin: change.origin ?? change.address))
        }
        let fresh = await FleetForecaster(providers: providers).forecast(plan.fleet, resources: resources)
        if let blocked = fresh.first(where: { !$0.quotaBlocks.isEmpty }) {
            throw .quotaExceeded(pool: blocked.pool, quotas: blocked.quotaBlocks)
        }
        let now = options.now ?? Self.now()
        return FleetFailover(pools: plan.fleet, memory: FailedOfferMemory(state: state, now: now), now: now,
                             ttl: options.failedOfferTTL)
    }

    /// Drops placement records of resources the state no longer holds (a destroyed pool).
    static func prunePlacements(_ document: inout StateDocument) {
        guard let placements = document.metadata[placementsMetadataKey]?.objectValue else { return }
        let live = Set(document.resources.map(\.address.rawValue))
        let kept = placements.filter { live.contains($0.key) }
        if kept.count != placements.count { document.metadata[placementsMetadataKey] = kept.isEmpty ? nil : .object(kept) }
    }

    /// Records where pools landed and the failed offers in the new state's metadata, and
    /// gives a pool that failed every offer an error listing each attempt.
    static func settleFleet(_ fleet: FleetFailover, document: inout StateDocument,
                            outcomes: inout [ApplyReport.Outcome], created: [ResourceAddress: [String: Value]])
        async -> [PoolLanding]
    {
        let landings = await fleet.landings(created: created)
        let memory = await fleet.rememberedFailures()
        document.metadata[FailedOfferMemory.metadataKey] = memory.metadataValue
        var placements = document.metadata[placementsMetadataKey]?.objectValue ?? [:]
        for landing in landings where landing.offer != nil { placements[landing.resource.rawValue] = landing.value }
        document.metadata[placementsMetadataKey] = placements.isEmpty ? nil : .object(placements)
        prunePlacements(&document)

        for landing in landings where landing.offer == nil {
            guard let i = outcomes.firstIndex(where: { $0.address == landing.resource }),
                  case .failed(let last) = outcomes[i].result else { continue }
            let skipped = await fleet.skipped(for: landing.resource)
            outcomes[i].result = .failed(landing.exhaustedError(last: last, skipped: skipped))
        }
        return landings
    }
}
