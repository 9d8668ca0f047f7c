import GantryBasics

// State files read straight from their text: `JSON.parse` would first build a dictionary
// for every record, only for `ResourceState(json:)` to look each field up in it and free
// it — most of the time loading 10,000 resources took. `reading` accepts exactly what the
// careful path (`StateDocument.parsing`) accepts and yields the same document; on anything
// else it gives up, and the careful path says what is wrong.

extension StateDocument {
    /// The document in `bytes`, read directly; nil when anything in it is not as a valid
    /// state file of this version has it (the caller then reads it with `parsing`).
    static func reading(_ bytes: [UInt8]) -> StateDocument? {
        try? JSONReader.read(bytes) { (reader: inout JSONReader) throws(JSONError) in
            try StateDocument(reading: &reader)
        }
    }

    private init(reading reader: inout JSONReader) throws(JSONError) {
        var version: Int?, serial: Int?, lineage: String?, resources: [ResourceState]?
        var metadata: [String: Value] = [:]
        // A repeated member replaces the earlier one, as in the `Value` a parse builds.
        try reader.readObject { (key, reader: inout JSONReader) throws(JSONError) in
            switch key {
            case "version": version = try reader.readStoredInt()
            case "serial": serial = try reader.readStoredInt()
            case "lineage": lineage = try reader.readString()
            case "resources":
                var list: [ResourceState] = []
                try reader.readArray { (reader: inout JSONReader) throws(JSONError) in
                    list.append(try ResourceState(reading: &reader))
                }
                resources = list
            case "metadata": metadata = try reader.readStoredObject()
            default: try reader.skipValue()
            }
        }
        guard let version, (1...StateDocument.currentVersion).contains(version), let serial, let lineage,
              var resources
        else { throw JSONError(kind: .shape, message: "not a state document of this version") }
        do { try Self.sortByAddress(&resources) } catch {
            throw JSONError(kind: .shape, message: "an address appears twice")
        }
        self.init(version: version, serial: serial, lineage: lineage, resources: resources, metadata: metadata)
    }
}

extension ResourceState {
    /// One record, with the members `init(json:path:)` reads and as it reads them.
    fileprivate init(reading reader: inout JSONReader) throws(JSONError) {
        var address: String?, type: String?, provider: String?, id: String?, origin: String?
        var attributes: [String: Value] = [:], dependencies: [ResourceAddress] = [], sensitivePaths: [String] = []
        try reader.readObject { (key, reader: inout JSONReader) throws(JSONError) in
            switch key {
            case "address": address = try reader.readString()
            case "type": type = try reader.readString()
            case "provider": provider = try reader.readString()
            case "id": id = try reader.readString()
            case "attributes": attributes = try reader.readStoredObject()
            case "dependencies": dependencies = try reader.readStoredStrings().map { ResourceAddress($0) }
            case "sensitive_paths": sensitivePaths = try reader.readStoredStrings()
            case "origin": origin = try reader.readNull() ? nil : try reader.readString()
            default: try reader.skipValue()
            }
        }
        guard let address, let type, let provider, let id else {
            throw JSONError(kind: .shape, message: "a record without address, type, provider or id")
        }
        self.init(address: ResourceAddress(address), type: type, provider: provider, id: id, attributes: attributes,
                  dependencies: dependencies, sensitivePaths: sensitivePaths,
                  origin: origin.map { ResourceAddress($0) })
    }
}

/// Members read as `FieldReader` accepts them; anything else is a `.shape` error.
private extension JSONReader {
    /// An integer written as one (`FieldReader.int` refuses `3.0`).
    mutating func readStoredInt() throws(JSONError) -> Int {
        guard case .int(let value) = try readValue() else { throw shape("an integer") }
        return value
    }

    /// An object (`null` is not one).
    mutating func readStoredObject() throws(JSONError) -> [String: Value] {
        guard case .object(let members) = try readValue() else { throw shape("an object") }
        return members
    }

    /// An array of strings; `null` reads as empty.
    mutating func readStoredStrings() throws(JSONError) -> [String] {
        if try readNull() { return [] }
        var out: [String] = []
        try readArray { (reader: inout JSONReader) throws(JSONError) in out.append(try reader.readString()) }
        return out
    }
}
