import GantryBasics
import GantryCatalog
import GantryProviderKit

/// Asks the providers what they expect for each offer of each new pool: one batched
/// `plan` call per provider, whose capacity diagnostics (`capacity-forecast`,
/// `insufficient-capacity`, `quota-exceeded`) become the offers' forecasts.
///
/// A provider without forecasts leaves every offer `.unknown`; a failing call is not an
/// error here (the real plan call reports it). Quotas shared by several new pools are
/// checked afterwards (`sharedQuotas`).
struct FleetForecaster: Sendable {
    let providers: [String: any Provider]
    /// GPU models and counts of instance types, for quotas shared between pools.
    var catalog = Catalog.embedded

    func forecast(_ pools: [PoolOffers], resources: [ResourceConfig]) async -> [PoolOffers] {
        var configs: [ResourceAddress: ResourceConfig] = [:]
        for resource in resources { configs[resource.address] = resource }
        var out = pools
        var slots: [String: [(pool: Int, offer: Int)]] = [:]
        var requests: [String: [PlanRequest]] = [:]
        for (p, pool) in pools.enumerated() {
            guard let config = configs[pool.resource] else { continue }
            let base = config.attributes.mapValues(Self.unresolved)
            for (o, offer) in pool.offers.enumerated() {
                for proposed in Self.portions(offer.attributes(over: base), mix: offer.mix) {
                    requests[pool.provider, default: []].append(
                        PlanRequest(address: pool.resource, type: config.type, prior: nil, proposed: proposed))
                    slots[pool.provider, default: []].append((p, o))
                }
            }
        }
        var answers: [Int: [Int: [PoolOffers.Forecast]]] = [:]
        for (name, batch) in requests.sorted(by: { $0.key < $1.key }) {
            guard let provider = providers[name], let responses = try? await provider.plan(batch),
                  responses.count == batch.count else { continue }
            for (slot, response) in zip(slots[name] ?? [], responses) {
                answers[slot.pool, default: [:]][slot.offer, default: []].append(Self.forecast(response.diagnostics))
            }
        }
        for (p, byOffer) in answers {
            for (o, parts) in byOffer { out[p].forecasts[o] = Self.combined(parts) }
        }
        return await sharedQuotas(out, configs: configs)
    }

    /// One request per market a mixed offer buys in (each for its share of the nodes, as an
    /// unmixed group), so spot and on-demand quotas are checked against the amount asked of
    /// each and each market's shortage or quota is named on its own.
    static func portions(_ attributes: [String: Value], mix: Offer.Mix?) -> [[String: Value]] {
        guard let mix, let desired = attributes["desired_size"]?.intValue else { return [attributes] }
        return mix.split(desired).sorted { $0.key > $1.key }.map { market, nodes in
            var part = attributes
            part.removeValue(forKey: MarketMix.spotPercentKey)
            part.removeValue(forKey: MarketMix.onDemandBaseKey)
            part["market"] = .string(market)
            part["desired_size"] = .int(nodes)
            part["min_size"] = .int(min(attributes["min_size"]?.intValue ?? 0, nodes))
            return part
        }
    }

    /// A mixed offer's forecast: over quota or short if any part is, fits if every part does.
    static func combined(_ parts: [PoolOffers.Forecast]) -> PoolOffers.Forecast {
        if let over = parts.first(where: { if case .overQuota = $0 { true } else { false } }) { return over }
        if let short = parts.first(where: { if case .short = $0 { true } else { false } }) { return short }
        if parts.contains(.unknown) || parts.isEmpty { return .unknown }
        return parts[0]
    }

    /// The forecast the provider's diagnostics give.
    static func forecast(_ diagnostics: [Diagnostic]) -> PoolOffers.Forecast {
        for d in diagnostics {
            let text = Self.withoutAddress(d.message)
            switch d.code {
            case "quota-exceeded": return .overQuota(text)
            case "insufficient-capacity": return .short(text)
            case "capacity-forecast":
                let zone = text.range(of: "land in ").map { text[$0.upperBound...] }
                    .map { String($0.prefix { $0 != " " && $0 != "(" }) }
                return .fits(zone: zone?.isEmpty == false ? zone : nil)
            default: continue
            }
        }
        return .unknown
    }

    /// `node_pools.x…main: spot quota …` → `spot quota …`.
    static func withoutAddress(_ message: String) -> String {
        guard let range = message.range(of: ": ") else { return message }
        return String(message[range.upperBound...])
    }

    /// References become unknown values: the forecast runs before anything exists.
    static func unresolved(_ value: Value) -> Value {
        switch value {
        case .reference: return .unknown
        case .array(let a): return .array(a.map(unresolved))
        case .object(let o): return .object(o.mapValues(unresolved))
        default: return value
        }
    }

    /// Capacity codes the provider attaches to a pool's own plan, which the fleet's
    /// per-offer warnings replace.
    static let capacityCodes: Set<String> = ["capacity-forecast", "insufficient-capacity", "quota-exceeded"]

    /// Warnings for the plan: each quota an offer would exceed (per market), and a pool
    /// whose every offer is short.
    static func diagnostics(_ pools: [PoolOffers]) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for pool in pools {
            let blocked = !pool.quotaBlocks.isEmpty
            var seen = Set<String>()
            for case .overQuota(let message) in pool.forecasts where seen.insert(message).inserted {
                out.append(.warning("quota-exceeded", "\(pool.pool): \(message)",
                                    hint: blocked ? "every offer exceeds a quota, so apply will stop before creating "
                                        + "anything; raise the quota or lower nodes.desired"
                                        : "apply will fail over to an offer within quota"))
            }
            if !blocked, pool.expected == nil {
                out.append(.warning("insufficient-capacity", "\(pool.pool): no offer has capacity now "
                                    + "(\(pool.offers.count) offer(s) forecast short)",
                                    hint: "apply will still try each offer in order"))
            }
        }
        return out
    }
}
