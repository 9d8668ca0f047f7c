import GantryBasics

/// The whole simulated cloud as plain data, with the indexes the operations need.
///
/// Changed only through `apply(_:)`, the same function that replays the log, so a world
/// built from disk and a world built by live calls cannot disagree.
struct SimWorldState: Sendable {
    private(set) var resources: [String: SimResource] = [:]
    /// The next resource counter; ids are derived from it, so they are deterministic.
    private(set) var nextSerial = 1
    private(set) var drains: Set<SimDrain> = []
    /// Node failures in force for new nodes (`gantry sim fail-nodes`).
    private(set) var nodeFaults: Set<SimNodeFault> = []
    /// `gantry:token` → id: makes create idempotent per intent.
    private(set) var idByToken: [String: String] = [:]
    /// Ids of node groups: capacity and quota checks scan only these.
    private(set) var nodeGroupIDs: Set<String> = []
    /// id → ids of cloud resources whose attributes name it (a VPC → its subnets), so a
    /// delete of something still in use fails as it would in a real cloud.
    private(set) var dependents: [String: Set<String>] = [:]

    mutating func apply(_ mutation: SimMutation) {
        switch mutation {
        case .put(let r):
            if let old = resources[r.id] { unindex(old) }
            resources[r.id] = r
            if let token = r.tags[SimTag.token] { idByToken[token] = r.id }
            if r.type == SimTypes.nodeGroup { nodeGroupIDs.insert(r.id) }
            for target in referencedIDs(r) { dependents[target, default: []].insert(r.id) }
            nextSerial = max(nextSerial, r.serial + 1)
        case .remove(let id):
            if let old = resources.removeValue(forKey: id) { unindex(old) }
        case .drain(let d):
            drains.insert(d)
        case .undrain(let d):
            drains.remove(d)
        case .failNodes(let f):
            nodeFaults.insert(f)
        case .healNodes(let f):
            nodeFaults = nodeFaults.filter { $0.instanceType != f.instanceType || $0.zone != f.zone }
        case .reset:
            // The counter survives a reset so ids are never reused within one world.
            let serial = nextSerial
            self = SimWorldState()
            nextSerial = serial
        }
    }

    private mutating func unindex(_ r: SimResource) {
        if let token = r.tags[SimTag.token], idByToken[token] == r.id { idByToken[token] = nil }
        if r.type == SimTypes.nodeGroup { nodeGroupIDs.remove(r.id) }
        for target in referencedIDs(r) {
            dependents[target]?.remove(r.id)
            if dependents[target]?.isEmpty == true { dependents[target] = nil }
        }
    }

    /// Ids of existing resources named in a cloud resource's attributes. `sim_data` is
    /// skipped: like terraform_data it blocks nothing, and it must stay cheap.
    private func referencedIDs(_ r: SimResource) -> Set<String> {
        guard r.type != SimTypes.data else { return [] }
        var out: Set<String> = []
        func visit(_ v: Value) {
            switch v {
            case .string(let s) where s.hasPrefix("sim-") && s != r.id && resources[s] != nil: out.insert(s)
            case .array(let a): a.forEach(visit)
            case .object(let o): o.values.forEach(visit)
            default: break
            }
        }
        for (key, value) in r.attributes where key != "tags_all" { visit(value) }
        return out
    }

    /// Existing resources that still name `id`.
    func resourcesUsing(_ id: String) -> [SimResource] {
        (dependents[id] ?? []).compactMap { resources[$0] }.sorted { $0.serial < $1.serial }
    }

    /// Takes the next counter value; the caller must `apply` a put carrying it.
    mutating func reserveSerial() -> Int {
        defer { nextSerial += 1 }
        return nextSerial
    }

    /// The node failure covering new nodes of this type in this zone, if any.
    func nodeFault(instanceType: String, zone: String) -> SimNodeFault? {
        nodeFaults.sorted { $0.description < $1.description }.first { $0.covers(instanceType: instanceType, zone: zone) }
    }

    func isDrained(zone: String, instanceType: String, market: String) -> Bool {
        drains.contains { $0.covers(zone: zone, instanceType: instanceType, market: market) }
    }

    // MARK: Snapshot form

    static let format = 1

    var jsonValue: Value {
        let sorted = resources.values.sorted { $0.serial < $1.serial }
        return [
            "format": .int(Self.format), "next_serial": .int(nextSerial),
            "resources": .array(sorted.map(\.jsonValue)),
            "drains": .array(drains.sorted { $0.description < $1.description }.map(\.jsonValue)),
            "node_faults": .array(nodeFaults.sorted { $0.description < $1.description }.map(\.jsonValue)),
        ]
    }

    /// Rebuilds a world from a snapshot; nil when a required field is missing.
    init?(jsonValue v: Value) {
        guard let list = v["resources"]?.arrayValue else { return nil }
        var resources: [SimResource] = []
        resources.reserveCapacity(list.count)
        for item in list {
            guard let r = SimResource(jsonValue: item) else { return nil }
            resources.append(r)
        }
        self.init(resources: resources) { v[$0] }
    }

    /// Reads a snapshot straight from its text, its resources without `Value` trees of their
    /// own. Nil for anything `init?(jsonValue:)` might word differently — not JSON, a field
    /// missing, a format newer than this one — so the caller reads it that way instead.
    init?(snapshot bytes: [UInt8]) {
        var fields: [(key: String, value: Value)] = []
        var resources: [SimResource]?
        let read: Void? = try? JSONReader.read(bytes) { (reader: inout JSONReader) throws(JSONError) in
            try reader.readObject { (key, reader: inout JSONReader) throws(JSONError) in
                guard key == "resources" else { return fields.append((key, try reader.readValue())) }
                var list: [SimResource] = []
                try reader.readArray { (r: inout JSONReader) throws(JSONError) in
                    guard let resource = try SimResource(reading: &r) else { throw r.shape("a resource") }
                    list.append(resource)
                }
                resources = list
            }
        }
        let field = { (key: String) in fields.last { $0.key == key }?.value }
        guard read != nil, let resources, (field("format")?.intValue ?? 0) <= Self.format else { return nil }
        self.init(resources: resources, field: field)
    }

    /// A world of `resources` with the snapshot's other members from `field`.
    private init?(resources list: [SimResource], field: (String) -> Value?) {
        guard let serial = field("next_serial")?.intValue else { return nil }
        resources.reserveCapacity(list.count)
        for r in list { apply(.put(r)) }
        for d in field("drains")?.arrayValue ?? [] {
            if let drain = SimDrain(jsonValue: d) { drains.insert(drain) }
        }
        for f in field("node_faults")?.arrayValue ?? [] {
            if let fault = SimNodeFault(jsonValue: f) { nodeFaults.insert(fault) }
        }
        nextSerial = max(nextSerial, serial)
    }

    init() {}
}
