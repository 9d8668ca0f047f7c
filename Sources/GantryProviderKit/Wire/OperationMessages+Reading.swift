import GantryBasics

// Direct readers of the plan, create, update, delete and read messages and their results
// (see `WireReadable`): each mirrors its `init(wireValue:)` in OperationMessages+Wire.swift.

/// The members every resource-level message shares, read in one place.
private struct ResourceMembers {
    var address: String?, type: String?, id: String?
    var attributes: [String: Value] = [:]

    /// Reads `key` if it is one of these members; false for any other.
    mutating func read(_ key: String, from reader: inout JSONReader) throws(JSONError) -> Bool {
        switch key {
        case "address": address = try reader.readString()
        case "type": type = try reader.readString()
        case "id": id = try reader.readString()
        case "attributes": attributes = try reader.readMembers()
        default: return false
        }
        return true
    }

    var requiredAddress: ResourceAddress { get throws(JSONError) { ResourceAddress(try JSONReader.required(address, "address")) } }
    var requiredType: String { get throws(JSONError) { try JSONReader.required(type, "type") } }
    var requiredID: String { get throws(JSONError) { try JSONReader.required(id, "id") } }
}

extension PlanRequest: WireReadable {
    init(reading reader: inout JSONReader) throws(JSONError) {
        var m = ResourceMembers(), proposed: [String: Value] = [:], prior: [String: Value]?
        try reader.readObject { (key, reader: inout JSONReader) throws(JSONError) in
            switch key {
            case "address", "type": _ = try m.read(key, from: &reader)
            case "proposed": proposed = try reader.readMembers()
            case "prior": prior = try reader.readOptionalMembers()
            default: try reader.skipValue()
            }
        }
        self.init(address: try m.requiredAddress, type: try m.requiredType, prior: prior, proposed: proposed)
    }
}

extension PlanResponse: WireReadable {
    init(reading reader: inout JSONReader) throws(JSONError) {
        var address: String?, planned: [String: Value] = [:], requiresReplace: [String] = []
        var diagnostics: [Diagnostic] = []
        try reader.readObject { (key, reader: inout JSONReader) throws(JSONError) in
            switch key {
            case "address": address = try reader.readString()
            case "planned": planned = try reader.readMembers()
            case "requires_replace": requiresReplace = try reader.readStrings()
            case "diagnostics":
                diagnostics = try reader.readList { (r: inout JSONReader) throws(JSONError) in try r.readTree(Diagnostic.self) }
            default: try reader.skipValue()
            }
        }
        self.init(address: ResourceAddress(try JSONReader.required(address, "address")), planned: planned,
                  requiresReplace: requiresReplace, diagnostics: diagnostics)
    }
}

extension CreateRequest: WireReadable {
    init(reading reader: inout JSONReader) throws(JSONError) {
        var m = ResourceMembers(), token: String?
        try reader.readObject { (key, reader: inout JSONReader) throws(JSONError) in
            switch key {
            case "address", "type", "attributes": _ = try m.read(key, from: &reader)
            case "intent_token": token = try reader.readString()
            default: try reader.skipValue()
            }
        }
        self.init(address: try m.requiredAddress, type: try m.requiredType, attributes: m.attributes,
                  intentToken: try JSONReader.required(token, "intent_token"))
    }
}

extension UpdateRequest: WireReadable {
    init(reading reader: inout JSONReader) throws(JSONError) {
        var m = ResourceMembers(), prior: [String: Value] = [:]
        try reader.readObject { (key, reader: inout JSONReader) throws(JSONError) in
            if key == "prior" { prior = try reader.readMembers() }
            else if try !m.read(key, from: &reader) { try reader.skipValue() }
        }
        self.init(address: try m.requiredAddress, type: try m.requiredType, id: try m.requiredID, prior: prior,
                  attributes: m.attributes)
    }
}

extension DeleteRequest: WireReadable {
    /// The members of a snapshot, so read as one.
    init(reading reader: inout JSONReader) throws(JSONError) {
        let s = try ResourceSnapshot(reading: &reader)
        self.init(address: s.address, type: s.type, id: s.id, attributes: s.attributes)
    }
}

extension ReadRequest: WireReadable {
    init(reading reader: inout JSONReader) throws(JSONError) {
        var type: String?, items: [Item] = []
        try reader.readObject { (key, reader: inout JSONReader) throws(JSONError) in
            switch key {
            case "type": type = try reader.readString()
            case "items":
                items = try reader.readList { (r: inout JSONReader) throws(JSONError) in
                    let m = try ResourceMembers.readAll(&r)
                    return Item(address: try m.requiredAddress, id: try m.requiredID)
                }
            default: try reader.skipValue()
            }
        }
        self.init(type: try JSONReader.required(type, "type"), items: items)
    }
}

extension ResourceSnapshot: WireReadable {
    init(reading reader: inout JSONReader) throws(JSONError) {
        let m = try ResourceMembers.readAll(&reader)
        self.init(address: try m.requiredAddress, type: try m.requiredType, id: try m.requiredID, attributes: m.attributes)
    }
}

extension ReadResult: WireReadable {
    init(reading reader: inout JSONReader) throws(JSONError) {
        switch try SnapshotOrAddress(reading: &reader, snapshot: "found", address: "not_found") {
        case .snapshot(let snapshot): self = .found(snapshot)
        case .address(let address): self = .notFound(address)
        }
    }
}

extension OperationResult: WireReadable {
    /// Successes and deletions; a failure (rare, and worded with care) is read the
    /// `Value` way.
    init(reading reader: inout JSONReader) throws(JSONError) {
        switch try SnapshotOrAddress(reading: &reader, snapshot: "success", address: "deleted", refusing: "failure") {
        case .snapshot(let snapshot): self = .success(snapshot)
        case .address(let address): self = .deleted(address)
        }
    }
}

/// A result that is a snapshot under one key or an address under another (`found` /
/// `not_found`, `success` / `deleted`), read as their `init(wireValue:)`s read it: a
/// non-null snapshot wins; otherwise the address member, if present, must be a string.
private enum SnapshotOrAddress {
    case snapshot(ResourceSnapshot)
    case address(ResourceAddress)

    /// - Parameter refused: a member that, when not null, sends the whole result to the
    ///   `Value` reading (`.shape`).
    init(reading reader: inout JSONReader, snapshot snapshotKey: String, address addressKey: String,
         refusing refused: String? = nil) throws(JSONError) {
        var snapshot: ResourceSnapshot?, address: String??
        try reader.readObject { (key, reader: inout JSONReader) throws(JSONError) in
            switch key {
            case snapshotKey: snapshot = try reader.readOptional(ResourceSnapshot.self)
            case addressKey: address = .some(try reader.readOptionalString())
            case refused: if try !reader.readNull() { throw reader.shape("no `\(key)` here") }
            default: try reader.skipValue()
            }
        }
        if let snapshot { self = .snapshot(snapshot) }
        else if let address { self = .address(ResourceAddress(try JSONReader.required(address, addressKey))) }
        else { throw JSONError(kind: .shape, message: "a result needs `\(snapshotKey)` or `\(addressKey)`") }
    }
}

extension ResourceMembers {
    /// An object of only these members (others skipped).
    static func readAll(_ reader: inout JSONReader) throws(JSONError) -> ResourceMembers {
        var m = ResourceMembers()
        try reader.readObject { (key, reader: inout JSONReader) throws(JSONError) in
            if try !m.read(key, from: &reader) { try reader.skipValue() }
        }
        return m
    }
}
