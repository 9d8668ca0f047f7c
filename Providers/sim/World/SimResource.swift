import Foundation
import GantryBasics
import GantryProviderKit

/// One resource in the simulated cloud, as the world stores it.
///
/// `attributes` are what the provider returns to Gantry: the arguments it was created
/// with plus the attributes the cloud computed (`id`, `arn`, `zone`, `tags_all`, …).
/// `tags` are Gantry's own tags (`gantry:address`, `gantry:token`, `gantry:project`),
/// by which a create that was in flight when Gantry died is found again.
public struct SimResource: Sendable, Hashable {
    public var id: String
    /// `sim_vpc`, `sim_node_group`, `sim_data`, …
    public var type: String
    public var region: String?
    public var attributes: [String: Value]
    public var tags: [String: String]
    /// The world's counter when the resource was created; orders `list` output.
    public var serial: Int
    /// Wall-clock second at which nodes that are booting become ready (node groups).
    var readyAt: Double?
    /// Nodes that were already ready before the latest scale-up started booting.
    var readyBefore: Int

    init(id: String, type: String, region: String?, attributes: [String: Value], tags: [String: String],
         serial: Int, readyAt: Double? = nil, readyBefore: Int = 0) {
        self.id = id
        self.type = type
        self.region = region
        self.attributes = attributes
        self.tags = tags
        self.serial = serial
        self.readyAt = readyAt
        self.readyBefore = readyBefore
    }

    /// The Gantry address the resource was created for, from its `gantry:address` tag.
    public var address: ResourceAddress? { tags[SimTag.address].map { ResourceAddress($0) } }

    /// The attributes as a read at `now` reports them: node groups count their ready nodes
    /// and their nodes per market.
    func currentAttributes(now: Double) -> [String: Value] {
        guard type == SimTypes.nodeGroup else { return attributes }
        var out = attributes
        let desired = attributes["desired_size"]?.intValue ?? 0
        let failed = attributes["failed_nodes"]?.intValue ?? 0
        let booted = readyAt.map { now >= $0 } ?? true
        let ready = max(0, (booted ? desired : min(readyBefore, desired)) - failed)
        out["ready_nodes"] = .int(ready)
        out["status"] = .string(booted ? (failed > 0 ? "DEGRADED" : "ACTIVE") : "SCALING")
        // Nodes per market: a mixed group (spot with `spot_percent`) splits desired_size.
        out["nodes_by_market"] = .object(MarketMix.nodesByMarket(attributes).mapValues(Value.int))
        return out
    }
}

/// The tag keys Gantry puts on every resource it creates.
public enum SimTag {
    public static let address = "gantry:address"
    public static let token = "gantry:token"
    public static let project = "gantry:project"
}

// MARK: - Persistence form

extension SimResource {
    var jsonValue: Value {
        var o: [String: Value] = [
            "id": .string(id), "type": .string(type), "attributes": .object(attributes),
            "tags": .object(tags.mapValues(Value.string)), "serial": .int(serial),
        ]
        if let region { o["region"] = .string(region) }
        if let readyAt { o["ready_at"] = .double(readyAt) }
        if readyBefore != 0 { o["ready_before"] = .int(readyBefore) }
        return .object(o)
    }

    init?(jsonValue v: Value) {
        self.init(Fields(id: v["id"], type: v["type"], region: v["region"], attributes: v["attributes"], tags: v["tags"],
                         serial: v["serial"], readyAt: v["ready_at"], readyBefore: v["ready_before"]))
    }

    /// Reads one resource of a snapshot straight from its text, as `init?(jsonValue:)`
    /// reads its tree: a world of 10,000 resources is read on every plugin start.
    /// - Returns: nil when a required field is missing or malformed.
    init?(reading reader: inout JSONReader) throws(JSONError) {
        var f = Fields()
        try reader.readObject { (key, reader: inout JSONReader) throws(JSONError) in
            switch key {
            case "id": f.id = try reader.readValue()
            case "type": f.type = try reader.readValue()
            case "region": f.region = try reader.readValue()
            case "attributes": f.attributes = try reader.readValue()
            case "tags": f.tags = try reader.readValue()
            case "serial": f.serial = try reader.readValue()
            case "ready_at": f.readyAt = try reader.readValue()
            case "ready_before": f.readyBefore = try reader.readValue()
            default: try reader.skipValue()
            }
        }
        self.init(f)
    }

    /// The members of the persisted form, however they were read.
    private struct Fields {
        var id, type, region, attributes, tags, serial, readyAt, readyBefore: Value?
    }

    private init?(_ f: Fields) {
        guard let id = f.id?.stringValue, let type = f.type?.stringValue,
              let attributes = f.attributes?.objectValue, let serial = f.serial?.intValue
        else { return nil }
        var tags: [String: String] = [:]
        for (k, t) in f.tags?.objectValue ?? [:] { if let s = t.stringValue { tags[k] = s } }
        self.init(id: id, type: type, region: f.region?.stringValue, attributes: attributes, tags: tags,
                  serial: serial, readyAt: f.readyAt?.doubleValue, readyBefore: f.readyBefore?.intValue ?? 0)
    }
}
