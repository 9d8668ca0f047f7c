import GantryBasics
import GantryProviderKit

extension SimConfig {
    /// Parses `providers.sim`; every problem is reported at once in one `.invalid` error.
    public static func parse(_ config: [String: Value]) throws -> SimConfig {
        var parser = Parser()
        let result = parser.parse(config)
        guard parser.problems.isEmpty else {
            throw ProviderError(.invalid, "providers.sim: " + parser.problems.joined(separator: "; "),
                                providerCode: "InvalidConfig")
        }
        return result
    }

    private struct Parser {
        var problems: [String] = []

        mutating func parse(_ config: [String: Value]) -> SimConfig {
            var c = SimConfig()
            for key in config.keys.sorted() where !SimConfig.knownKeys.contains(key) {
                let hint = EditDistance.hint(for: key, among: SimConfig.knownKeys).map { " — \($0)" } ?? ""
                problems.append("unknown key `\(key)`\(hint) (keys: \(SimConfig.knownKeys.joined(separator: ", ")))")
            }
            if let v = config["seed"] {
                if let i = v.intValue { c.seed = UInt64(bitPattern: Int64(i)) } else { wrong("seed", v, "an integer") }
            }
            if let v = config["latency_ms"] { c.latencyMeanMs = nonNegative("latency_ms", v) ?? 0 }
            if let v = config["latency"] {
                if let o = v.objectValue {
                    c.latencyMeanMs = o["mean_ms"].flatMap { nonNegative("latency.mean_ms", $0) } ?? 0
                    c.latencyJitterMs = o["jitter_ms"].flatMap { nonNegative("latency.jitter_ms", $0) } ?? 0
                } else if let n = v.doubleValue, n >= 0 {
                    c.latencyMeanMs = n
                } else {
                    wrong("latency", v, "{ mean_ms, jitter_ms } or a number of milliseconds")
                }
            }
            c.throttleRate = rate("throttle_rate", config["throttle_rate"])
            c.timeoutRate = rate("timeout_rate", config["timeout_rate"])
            if let v = config["capacity_errors"] {
                if v.arrayValue != nil { c.drained += drains("capacity_errors", v) } else {
                    c.capacityErrorRate = rate("capacity_errors", v)
                }
            }
            if let v = config["crash_after_calls"], !v.isNull {
                if let n = v.intValue, n > 0 { c.crashAfterCalls = n } else {
                    wrong("crash_after_calls", v, "a positive integer")
                }
            }
            if let v = config["boot_seconds"] { c.bootSeconds = nonNegative("boot_seconds", v) ?? 0 }
            if let v = config["regions"] {
                let names = v.arrayValue?.compactMap(\.stringValue) ?? []
                if names.isEmpty || names.count != v.arrayValue?.count { wrong("regions", v, "a list of region names") } else {
                    // The sim is AWS-shaped: its regions are the catalog's AWS regions.
                    let known = SimCatalog.regions
                    for name in names where !known.contains(name) {
                        let hint = EditDistance.hint(for: name, among: known).map { " — \($0)" } ?? ""
                        problems.append("`regions` names `\(name)`, which the simulated cloud does not have\(hint)")
                    }
                    c.regions = names
                }
            }
            if let v = config["zones_per_region"] {
                if let n = v.intValue, (1...26).contains(n) { c.zonesPerRegion = n } else {
                    wrong("zones_per_region", v, "an integer from 1 to 26")
                }
            }
            if let v = config["capacity"] { parseCapacity(v, into: &c) }
            if let v = config["quotas"] { parseQuotas(v, into: &c) }
            if let v = config["drained"] { c.drained += drains("drained", v) }
            if let v = config["fsync"] {
                if let b = v.boolValue { c.fsync = b } else { wrong("fsync", v, "true or false") }
            }
            if let v = config["project"], !v.isNull {
                if let s = v.stringValue { c.project = s } else { wrong("project", v, "a string") }
            }
            return c
        }

        private mutating func parseCapacity(_ v: Value, into c: inout SimConfig) {
            if let n = v.intValue, n >= 0 { c.defaultCapacity = n; return }
            guard let o = v.objectValue else { return wrong("capacity", v, "a node count or { default, zones, instance_types }") }
            for key in o.keys.sorted() where !["default", "zones", "instance_types"].contains(key) {
                problems.append("unknown key `capacity.\(key)` (expected default, zones, instance_types)")
            }
            if let d = o["default"] {
                if let n = d.intValue, n >= 0 { c.defaultCapacity = n } else { wrong("capacity.default", d, "a node count") }
            }
            for (zone, amounts) in o["zones"]?.objectValue ?? [:] {
                c.zoneCapacity[zone] = marketAmounts("capacity.zones.\(zone)", amounts)
            }
            for (type, amounts) in o["instance_types"]?.objectValue ?? [:] {
                c.instanceTypeCapacity[type] = marketAmounts("capacity.instance_types.\(type)", amounts)
            }
        }

        private mutating func parseQuotas(_ v: Value, into c: inout SimConfig) {
            guard let o = v.objectValue else { return wrong("quotas", v, "{ GPU model: count }") }
            for (model, amounts) in o {
                if model == "default" {
                    if let n = amounts.intValue, n >= 0 { c.defaultQuota = n } else {
                        wrong("quotas.default", amounts, "a GPU count")
                    }
                } else {
                    // Quotas are kept under the catalog's name, so `h100` and `H100` are one quota.
                    c.quotas[SimCatalog.canonicalGPUModel(model) ?? model] = marketAmounts("quotas.\(model)", amounts)
                }
            }
        }

        private mutating func marketAmounts(_ key: String, _ v: Value) -> SimConfig.MarketAmounts {
            if let n = v.intValue, n >= 0 { return .init(spot: n, onDemand: n) }
            guard let o = v.objectValue else {
                wrong(key, v, "a count or { spot, on-demand }")
                return .init()
            }
            var out = SimConfig.MarketAmounts()
            for (market, n) in o {
                guard let count = n.intValue, count >= 0 else { wrong("\(key).\(market)", n, "a count"); continue }
                switch market {
                case SimMarket.spot: out.spot = count
                case SimMarket.onDemand, "on_demand", "ondemand": out.onDemand = count
                default: problems.append("unknown market `\(key).\(market)` (expected spot, on-demand)")
                }
            }
            return out
        }

        private mutating func drains(_ key: String, _ v: Value) -> [SimDrain] {
            guard let list = v.arrayValue else {
                wrong(key, v, "a list of zones or { zone, instance_type, market }")
                return []
            }
            var out: [SimDrain] = []
            for (i, item) in list.enumerated() {
                if let zone = item.stringValue {
                    out.append(SimDrain(zone: zone))
                } else if let d = SimDrain(jsonValue: item) {
                    out.append(d)
                } else {
                    wrong("\(key)[\(i)]", item, "a zone name or { zone, instance_type, market }")
                }
            }
            return out
        }

        private mutating func rate(_ key: String, _ v: Value?) -> Double {
            guard let v else { return 0 }
            guard let d = v.doubleValue, (0...1).contains(d) else {
                wrong(key, v, "a fraction from 0 to 1")
                return 0
            }
            return d
        }

        private mutating func nonNegative(_ key: String, _ v: Value) -> Double? {
            guard let d = v.doubleValue, d >= 0 else {
                wrong(key, v, "a number ≥ 0")
                return nil
            }
            return d
        }

        private mutating func wrong(_ key: String, _ v: Value, _ expected: String) {
            problems.append("`\(key)` must be \(expected), got \(SimValueText.describe(v))")
        }
    }
}

/// Short human renderings of values for error messages.
enum SimValueText {
    static func describe(_ v: Value) -> String {
        switch v {
        case .null: return "null"
        case .bool(let b): return String(b)
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        case .string(let s): return "\"\(s)\""
        case .array(let a): return "[" + a.prefix(5).map(describe).joined(separator: ", ") + (a.count > 5 ? ", …]" : "]")
        case .object(let o): return "{" + o.keys.sorted().prefix(5).joined(separator: ", ") + "}"
        case .unknown: return "(known after apply)"
        case .reference(let r): return r.description
        case .template(let parts): return "\"\(Value.templateText(parts))\""
        }
    }
}
