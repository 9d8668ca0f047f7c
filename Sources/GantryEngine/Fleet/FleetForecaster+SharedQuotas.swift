import GantryBasics
import GantryCatalog
import GantryProviderKit

extension FleetForecaster {
    /// GPUs a pool is expected to take in one market of one provider, by GPU model.
    struct Claim: Sendable {
        var pool: ResourceAddress
        var provider: String
        var market: String
        var gpuModel: String
        var gpus: Int
    }

    /// Checks quotas across pools: a quota is per account, GPU model and market, so pools
    /// that each fit may exceed it together.
    ///
    /// Walks the pools in plan order. Each pool claims the GPUs of the offer it is expected
    /// to land on; a later pool's offers are asked of the provider again with the GPUs that
    /// earlier pools claimed of the same model and market added to its request (in nodes of
    /// its own type, rounded up). An offer that exceeds a quota only together with them is
    /// marked over quota with a message naming the pools and their GPUs, so the pool is
    /// expected on its next offer within quota — or, when every offer is over quota, apply
    /// stops before creating anything, as for one pool.
    func sharedQuotas(_ pools: [PoolOffers], configs: [ResourceAddress: ResourceConfig]) async -> [PoolOffers] {
        var out = pools
        var claims: [Claim] = []
        for p in out.indices {
            let pool = out[p]
            guard let config = configs[pool.resource], let provider = providers[pool.provider] else { continue }
            let base = config.attributes.mapValues(Self.unresolved)
            // One request per market share of each offer still expected to fit, grown by the
            // GPUs earlier pools claimed of that model and market.
            var requests: [PlanRequest] = []
            var slots: [(offer: Int, sharers: [Claim], own: Int)] = []
            for (o, offer) in pool.offers.enumerated() where Self.mayFit(pool.forecasts[o]) {
                guard let type = catalog.instanceType(offer.instanceType, provider: pool.provider) else { continue }
                for part in Self.portions(offer.attributes(over: base), mix: offer.mix) {
                    let market = part["market"]?.stringValue ?? offer.purchaseMarket
                    let sharers = claims.filter { $0.provider == pool.provider && $0.market == market
                        && $0.gpuModel == type.gpuModel }
                    let shared = sharers.reduce(0) { $0 + $1.gpus }
                    guard shared > 0, type.gpuCount > 0, let own = part["desired_size"]?.intValue else { continue }
                    var grown = part
                    grown["desired_size"] = .int(own + (shared + type.gpuCount - 1) / type.gpuCount)
                    grown["max_size"] = .int(max(grown["max_size"]?.intValue ?? 0, grown["desired_size"]?.intValue ?? 0))
                    requests.append(PlanRequest(address: pool.resource, type: config.type, prior: nil, proposed: grown))
                    slots.append((o, sharers, own * type.gpuCount))
                }
            }
            if !requests.isEmpty, let responses = try? await provider.plan(requests), responses.count == requests.count {
                for (slot, response) in zip(slots, responses) {
                    guard case .overQuota(let message) = Self.forecast(response.diagnostics) else { continue }
                    let amounts = slot.sharers.map { "\($0.pool) \($0.gpus) GPUs" } + ["\(pool.pool) \(slot.own) GPUs"]
                    out[p].forecasts[slot.offer] = .overQuota(message + " (together: "
                                                              + amounts.joined(separator: " + ") + ")")
                }
            }
            claims += claim(out[p])
        }
        return out
    }

    /// The GPUs a pool claims: those of the offer it is expected to land on, per market.
    private func claim(_ pool: PoolOffers) -> [Claim] {
        guard let offer = pool.expected?.offer,
              let type = catalog.instanceType(offer.instanceType, provider: pool.provider) else { return [] }
        let nodes = pool.nodesByMarket.values.reduce(0, +)
        let split = offer.mix?.split(nodes) ?? [offer.purchaseMarket: nodes]
        return split.map { Claim(pool: pool.pool, provider: pool.provider, market: $0.key, gpuModel: type.gpuModel,
                                 gpus: $0.value * type.gpuCount) }
    }

    private static func mayFit(_ forecast: PoolOffers.Forecast) -> Bool {
        switch forecast {
        case .fits, .unknown: return true
        case .short, .overQuota: return false
        }
    }
}
