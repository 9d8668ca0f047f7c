import GantryBasics

extension SpecReader {
    /// Reads a node pool's `capacity` block into the `capacity` intent attribute.
    ///
    /// The encoded block always carries `markets` (the order the engine tries markets in),
    /// plus `market` / `fallback` (the first two of that order) for providers that read
    /// those, `zones`, and — when given — `regions` (the failover order of regions),
    /// `reservations`, `spot_percent`,
    /// `on_demand_base` and `all_or_nothing`.
    ///
    /// Market order: `markets: [spot, on-demand]` as written; else `market` then
    /// `fallback`; with `reservations` and neither, reserved → spot → on-demand.
    mutating func capacity(_ node: YAMLNode?, path: String, poolName: String,
                           into decl: inout NodePoolDecl) -> [String: SpecValue] {
        var capacity: [String: SpecValue] = ["zones": .string("any")]
        var markets: [String] = ["on-demand"]
        guard let node else { return Self.encodeMarkets(markets, into: capacity) }
        let allowed = ["market", "fallback", "markets", "zones", "regions", "reservations", "spot_percent",
                       "on_demand_base", "all_or_nothing"]
        guard let c = fields(node, path: path, allowed: allowed, what: "capacity") else {
            return Self.encodeMarkets(markets, into: capacity)
        }
        let market = string(c["market"], path: c.path("market"), oneOf: NodePoolDecl.markets).value
        let fallback = string(c["fallback"], path: c.path("fallback"), oneOf: NodePoolDecl.fallbacks).value
        let reservations = self.reservations(c["reservations"], path: c.path("reservations"))
        if let reservations { capacity["reservations"] = reservations }

        if let listNode = c["markets"] {
            if c["market"] != nil || c["fallback"] != nil {
                error("conflicting-keys", "capacity sets 'markets' and also 'market' or 'fallback'",
                      at: c.keyLocation("markets") ?? c.location, path: c.path("markets"),
                      hint: "give the whole order in 'markets: [spot, on-demand]' and drop 'market'/'fallback'")
            }
            markets = orderedMarkets(listNode, path: c.path("markets"))
        } else if market != nil || fallback != nil {
            markets = [market ?? "on-demand"]
            if let fallback, fallback != "none", fallback != markets[0] { markets.append(fallback) }
            if reservations != nil { markets.insert("reserved", at: 0) }
        } else if reservations != nil {
            markets = ["reserved", "spot", "on-demand"]
        }
        if markets.contains("reserved") && reservations == nil {
            error("missing-key", "market 'reserved' needs 'reservations' (an id or a selector)",
                  at: c.keyLocation("markets") ?? c.location, path: c.path("reservations"),
                  expected: "reservations: [cr-0123456789abcdef0] or reservations: { selector: { team: research } }")
        }

        let spotPercent = int(c["spot_percent"], path: c.path("spot_percent"), minimum: 0)
        if let p = spotPercent.known {
            if p.value > 100 {
                error("invalid-value", "spot_percent \(p.value) is more than 100", at: p.location,
                      path: c.path("spot_percent"), expected: "a whole percentage from 0 to 100")
            } else if p.value > 0 && !markets.contains("spot") {
                error("invalid-value", "spot_percent is \(p.value), but the market order has no spot",
                      at: p.location, path: c.path("spot_percent"), hint: "add spot to 'markets', or remove spot_percent")
            }
            capacity["spot_percent"] = .int(min(p.value, 100))
        }
        if let base = int(c["on_demand_base"], path: c.path("on_demand_base"), minimum: 0).known {
            capacity["on_demand_base"] = .int(base.value)
        }
        if let all = bool(c["all_or_nothing"], path: c.path("all_or_nothing")).known {
            capacity["all_or_nothing"] = .bool(all.value)
        }
        if let z = c["zones"] {
            decl.zonesLocation = z.location
            if z.scalar?.text == "any" {
                decl.zones = nil
            } else {
                decl.zones = stringList(z, path: c.path("zones")).compactMap(\.known)
                capacity["zones"] = .list((decl.zones ?? []).map { .string($0.value) })
            }
        }
        if c["regions"] != nil {
            // A failover order: one pool, landing in the first region with capacity.
            decl.item.regions = regions(c, what: "capacity of node pool '\(poolName)'")
            decl.item.regionsAreFailoverOrder = true
        }
        return Self.encodeMarkets(markets, into: capacity)
    }

    /// `markets`, and the `market` / `fallback` pair older providers read.
    private static func encodeMarkets(_ markets: [String], into capacity: [String: SpecValue]) -> [String: SpecValue] {
        var out = capacity
        out["markets"] = .list(markets.map(SpecValue.string))
        let bought = markets.filter { $0 != "reserved" }
        out["market"] = .string(bought.first ?? "on-demand")
        out["fallback"] = .string(bought.dropFirst().first ?? "none")
        return out
    }

    /// `markets: [spot, on-demand]`: each a known market, none twice.
    private mutating func orderedMarkets(_ node: YAMLNode, path: String) -> [String] {
        var out: [String] = []
        for field in stringList(node, path: path, oneOf: NodePoolDecl.orderedMarkets) {
            guard let market = field.known else { continue }
            if out.contains(market.value) {
                error("duplicate-key", "market '\(market.value)' is listed twice", at: market.location, path: path)
                continue
            }
            out.append(market.value)
        }
        if out.isEmpty, node.sequence?.isEmpty == true {
            error("invalid-value", "'markets' is empty", at: node.location, path: path,
                  expected: "markets: [spot, on-demand]")
        }
        return out.isEmpty ? ["on-demand"] : out
    }

    /// `reservations: cr-1` / `[cr-1, cr-2]` (ids) or `{ selector: { key: value } }`,
    /// encoded as `{ids: [...]}` or `{selector: {...}}`.
    private mutating func reservations(_ node: YAMLNode?, path: String) -> SpecValue? {
        guard let node else { return nil }
        if node.mapping != nil {
            guard let r = fields(node, path: path, allowed: ["selector", "ids"], what: "reservations") else { return nil }
            var out: [String: SpecValue] = [:]
            if r["selector"] != nil {
                let selector = stringMap(r["selector"], path: r.path("selector")).compactMapValues { $0.specValue { .string($0) } }
                if selector.isEmpty {
                    error("invalid-value", "the reservation selector is empty", at: r.keyLocation("selector") ?? r.location,
                          path: r.path("selector"), expected: "selector: { team: research }")
                }
                out["selector"] = .map(selector)
            }
            if r["ids"] != nil {
                out["ids"] = .list(stringList(r["ids"], path: r.path("ids")).compactMap { $0.specValue { .string($0) } })
            }
            if out.isEmpty {
                error("missing-key", "reservations needs 'selector' or 'ids'", at: node.location, path: path,
                      expected: "reservations: { selector: { team: research } }")
                return nil
            }
            return .map(out)
        }
        let ids = stringList(node, path: path).compactMap { $0.specValue { .string($0) } }
        return ids.isEmpty ? nil : .map(["ids": .list(ids)])
    }
}
