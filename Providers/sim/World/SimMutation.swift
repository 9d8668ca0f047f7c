import GantryBasics

/// One change to the world: a line of the mutation log.
///
/// Every mutation is idempotent (a put carries the whole resource, a remove names it), so
/// replaying a log onto a snapshot that already contains it yields the same world; that is
/// what lets compaction write the snapshot and empty the log without a two-file commit.
enum SimMutation: Sendable, Hashable {
    case put(SimResource)
    case remove(id: String)
    case drain(SimDrain)
    case undrain(SimDrain)
    case failNodes(SimNodeFault)
    case healNodes(SimNodeFault)
    case reset

    var jsonValue: Value {
        switch self {
        case .put(let r): return ["op": "put", "resource": r.jsonValue]
        case .remove(let id): return ["op": "remove", "id": .string(id)]
        case .drain(let d): return ["op": "drain", "drain": d.jsonValue]
        case .undrain(let d): return ["op": "undrain", "drain": d.jsonValue]
        case .failNodes(let f): return ["op": "fail_nodes", "fault": f.jsonValue]
        case .healNodes(let f): return ["op": "heal_nodes", "fault": f.jsonValue]
        case .reset: return ["op": "reset"]
        }
    }

    init?(jsonValue v: Value) {
        switch v["op"]?.stringValue {
        case "put":
            guard let r = v["resource"].flatMap(SimResource.init(jsonValue:)) else { return nil }
            self = .put(r)
        case "remove":
            guard let id = v["id"]?.stringValue else { return nil }
            self = .remove(id: id)
        case "drain":
            guard let d = v["drain"].flatMap(SimDrain.init(jsonValue:)) else { return nil }
            self = .drain(d)
        case "undrain":
            guard let d = v["drain"].flatMap(SimDrain.init(jsonValue:)) else { return nil }
            self = .undrain(d)
        case "fail_nodes", "heal_nodes":
            guard let f = v["fault"].flatMap(SimNodeFault.init(jsonValue:)) else { return nil }
            self = v["op"]?.stringValue == "fail_nodes" ? .failNodes(f) : .healNodes(f)
        case "reset":
            self = .reset
        default:
            return nil
        }
    }
}

/// Capacity taken away from a zone by `gantry sim drain`: all of it, or only one instance
/// type and/or market.
public struct SimDrain: Sendable, Hashable, CustomStringConvertible {
    public var zone: String
    /// nil: every instance type.
    public var instanceType: String?
    /// `spot` or `on-demand`; nil: both.
    public var market: String?

    public init(zone: String, instanceType: String? = nil, market: String? = nil) {
        self.zone = zone
        self.instanceType = instanceType
        self.market = market
    }

    func covers(zone: String, instanceType: String, market: String) -> Bool {
        self.zone == zone && (self.instanceType ?? instanceType) == instanceType && (self.market ?? market) == market
    }

    public var description: String {
        "\(zone) \(instanceType ?? "all instance types") \(market ?? "all markets")"
    }

    var jsonValue: Value {
        var o: [String: Value] = ["zone": .string(zone)]
        if let instanceType { o["instance_type"] = .string(instanceType) }
        if let market { o["market"] = .string(market) }
        return .object(o)
    }

    init?(jsonValue v: Value) {
        guard let zone = v["zone"]?.stringValue else { return nil }
        self.init(zone: zone, instanceType: v["instance_type"]?.stringValue, market: v["market"]?.stringValue)
    }
}
