import GantryBasics

extension PoolOffers {
    /// The failover plan as JSON: in `plan --json` (`capacity_placement`) and plan files.
    public var value: Value {
        var out: [String: Value] = [
            "pool": .string(pool.rawValue), "resource": .string(resource.rawValue), "provider": .string(provider),
            "cluster_placement": .bool(clusterPlacement), "all_or_nothing": .bool(allOrNothing), "pinned": .bool(pinned),
            "nodes_by_market": .object(nodesByMarket.mapValues(Value.int)),
            "offers": .array(zip(offers, forecasts).enumerated().map { i, pair in
                var o = Self.encode(pair.0)
                o["rank"] = .int(i + 1)
                o["forecast"] = Self.encode(pair.1)
                return .object(o)
            }),
            "skipped": .array(skipped.map { s in
                var o = Self.encode(s.offer)
                o["reason"] = .string(s.failure.reason)
                o["blocked_until"] = .double(s.failure.expiresAt)
                return .object(o)
            }),
        ]
        if let expected {
            var e = Self.encode(expected.offer)
            if let zone = expected.zone { e["zone"] = .string(zone) }
            out["expected"] = .object(e)
        }
        return .object(out)
    }

    /// Reads the failover plan back from a plan file (forecasts are not kept: apply asks
    /// again); nil when the value is not one.
    public init?(_ value: Value) {
        guard let o = value.objectValue, let pool = o["pool"]?.stringValue, let resource = o["resource"]?.stringValue,
              let provider = o["provider"]?.stringValue else { return nil }
        let entries = o["offers"]?.arrayValue ?? []
        self.init(pool: ResourceAddress(pool), resource: ResourceAddress(resource), provider: provider,
                  offers: entries.compactMap(Self.offer),
                  clusterPlacement: o["cluster_placement"]?.boolValue ?? false,
                  allOrNothing: o["all_or_nothing"]?.boolValue ?? false,
                  nodesByMarket: (o["nodes_by_market"]?.objectValue ?? [:]).compactMapValues(\.intValue),
                  pinned: o["pinned"]?.boolValue ?? false)
    }

    private static func encode(_ offer: Offer) -> [String: Value] {
        var o: [String: Value] = ["instance_type": .string(offer.instanceType), "region": .string(offer.region),
                                  "market": .string(offer.market)]
        o["zone"] = offer.zone.map(Value.string) ?? .null
        if let reservation = offer.reservation { o["reservation"] = .string(reservation) }
        if let price = offer.pricePerHour { o["price_per_hour"] = .double(price) }
        if let mix = offer.mix {
            o["mix"] = .object(["on_demand_base": .int(mix.onDemandBase), "spot_percent": .int(mix.spotPercent)])
        }
        return o
    }

    private static func offer(_ value: Value) -> Offer? {
        guard let type = value["instance_type"]?.stringValue, let region = value["region"]?.stringValue,
              let market = value["market"]?.stringValue else { return nil }
        return Offer(instanceType: type, region: region, zone: value["zone"]?.stringValue, market: market,
                     reservation: value["reservation"]?.stringValue, pricePerHour: value["price_per_hour"]?.doubleValue,
                     mix: value["mix"].flatMap { mix in
                         mix["spot_percent"]?.intValue.map {
                             Offer.Mix(onDemandBase: mix["on_demand_base"]?.intValue ?? 0, spotPercent: $0)
                         }
                     })
    }

    private static func encode(_ forecast: Forecast) -> Value {
        switch forecast {
        case .fits(let zone): return .object(["status": "fits", "zone": zone.map(Value.string) ?? .null])
        case .short(let message): return .object(["status": "short", "message": .string(message)])
        case .overQuota(let message): return .object(["status": "over_quota", "message": .string(message)])
        case .unknown: return .object(["status": "unknown"])
        }
    }
}
