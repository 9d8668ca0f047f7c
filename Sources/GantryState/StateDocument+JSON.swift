import GantryBasics

extension ResourceState: JSONRepresentable {
    /// The stored form. Attributes at `sensitivePaths` are replaced by their digests, so
    /// a state file or journal never holds a secret in clear text.
    public var json: Value {
        let stored = sensitivePaths.isEmpty ? attributes : Redaction.redact(attributes, paths: sensitivePaths)
        var members: [String: Value] = [
            "address": .string(address.rawValue), "type": .string(type), "provider": .string(provider),
            "id": .string(id), "attributes": .object(stored),
            "dependencies": .array(dependencies.map { .string($0.rawValue) }),
            "sensitive_paths": .array(sensitivePaths.map { .string($0) }),
        ]
        if let origin { members["origin"] = .string(origin.rawValue) }
        return .object(members)
    }

    public init(json: Value) throws {
        try self.init(json: json, path: "resource")
    }

    /// Appends exactly the compact, sorted-key encoding of `json` without building it as
    /// a `Value` first — the hot path of state files and journal lines.
    func appendJSON(to out: inout [UInt8]) throws(JSONError) {
        func key(_ name: StaticString, first: Bool = false) {
            if !first { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "\""))
            name.withUTF8Buffer { out.append(contentsOf: $0) }
            out.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
        }
        func strings(_ items: [String]) {
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSON.appendString(item, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        }
        // Keys in sorted order, as `JSON.encode(json)` writes them.
        out.append(UInt8(ascii: "{"))
        key("address", first: true)
        JSON.appendString(address.rawValue, to: &out)
        key("attributes")
        let stored = sensitivePaths.isEmpty ? attributes : Redaction.redact(attributes, paths: sensitivePaths)
        do { try JSON.append(.object(stored), to: &out) } catch { throw error.under(".attributes") }
        key("dependencies")
        strings(dependencies.map(\.rawValue))
        key("id")
        JSON.appendString(id, to: &out)
        if let origin {
            key("origin")
            JSON.appendString(origin.rawValue, to: &out)
        }
        key("provider")
        JSON.appendString(provider, to: &out)
        key("sensitive_paths")
        strings(sensitivePaths)
        key("type")
        JSON.appendString(type, to: &out)
        out.append(UInt8(ascii: "}"))
    }

    init(json: Value, path: String) throws(StateError) {
        let fields = try FieldReader(json, path: path)
        let address = ResourceAddress(try fields.string("address"))
        let type = try fields.string("type")
        let provider = try fields.string("provider")
        let id = try fields.string("id")
        let attributes = try fields.object("attributes", default: [:])
        let dependencies = try fields.strings("dependencies").map { ResourceAddress($0) }
        let sensitivePaths = try fields.strings("sensitive_paths")
        let origin = try fields.optionalString("origin").map { ResourceAddress($0) }
        self.init(address: address, type: type, provider: provider, id: id, attributes: attributes,
                  dependencies: dependencies, sensitivePaths: sensitivePaths, origin: origin)
    }
}

extension JournalEntry: JSONRepresentable {
    /// One journal line: `{"op":"put","resource":{…}}`, `{"op":"remove","address":…}`,
    /// `{"op":"intent","address":…,"type":…,"provider":…,"token":…}`,
    /// `{"op":"metadata","key":…,"value":…}`.
    public var json: Value {
        switch self {
        case .intent(let address, let type, let provider, let token):
            ["op": "intent", "address": .string(address.rawValue), "type": .string(type),
             "provider": .string(provider), "token": .string(token)]
        case .put(let resource):
            ["op": "put", "resource": resource.json]
        case .remove(let address):
            ["op": "remove", "address": .string(address.rawValue)]
        case .metadata(let key, let value):
            ["op": "metadata", "key": .string(key), "value": value]
        }
    }

    public init(json: Value) throws {
        try self.init(json: json, path: "entry")
    }

    init(json: Value, path: String) throws(StateError) {
        let fields = try FieldReader(json, path: path)
        switch try fields.string("op") {
        case "intent":
            let address = ResourceAddress(try fields.string("address"))
            let type = try fields.string("type")
            let provider = try fields.string("provider")
            let token = try fields.string("token")
            self = .intent(address: address, type: type, provider: provider, token: token)
        case "put":
            self = .put(try ResourceState(json: try fields.value("resource"), path: "\(path).resource"))
        case "remove":
            self = .remove(ResourceAddress(try fields.string("address")))
        case "metadata":
            let key = try fields.string("key")
            self = .metadata(key: key, value: try fields.value("value"))
        case let other:
            throw StateError(.invalidRecord(path: "\(path).op",
                                            reason: "unknown operation \"\(other)\" (expected intent, put, remove or metadata)"))
        }
    }
}

extension StateDocument {
    /// The version of Gantry recorded in files this build writes.
    public static let gantryVersion = "0.1.0"

    /// The state file's bytes: the header fields, then one resource per line sorted by
    /// address, then metadata — stable, so two states diff line by line.
    ///
    /// - Throws: `StateError.invalidRecord` when an attribute holds a value with no
    ///   JSON form (an unknown, a reference, NaN): state records only known values.
    public func encodedFile(gantryVersion: String = StateDocument.gantryVersion) throws(StateError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256 + resources.count * 512)
        func line(_ text: String) { out.append(contentsOf: text.utf8) }
        line("{\n  \"version\": \(version),\n  \"serial\": \(serial),\n  \"lineage\": ")
        JSON.appendString(lineage, to: &out)
        line(",\n  \"gantry_version\": ")
        JSON.appendString(gantryVersion, to: &out)
        line(",\n  \"resources\": [")
        let sorted = resources.isSorted ? resources : resources.sorted { $0.address < $1.address }
        for (index, resource) in sorted.enumerated() {
            line(index == 0 ? "\n    " : ",\n    ")
            do {
                try resource.appendJSON(to: &out)
            } catch {
                throw StateError(.invalidRecord(path: "resources[\(index)] (\(resource.address))\(error.path?.dropFirst() ?? "")",
                                                reason: error.message))
            }
        }
        line(sorted.isEmpty ? "],\n  \"metadata\": " : "\n  ],\n  \"metadata\": ")
        do {
            try JSON.append(.object(metadata), to: &out)
        } catch {
            throw StateError(.invalidRecord(path: "metadata\(error.path?.dropFirst() ?? "")", reason: error.message))
        }
        line("\n}\n")
        return out
    }

    /// Reads a state file's bytes. `file` names it in errors.
    ///
    /// - Throws: `StateError.futureVersion` for a newer format, `.corrupt` with line and
    ///   column for anything that is not a valid state document.
    public init(file bytes: [UInt8], named file: String) throws(StateError) {
        // Straight from the text when the file is as expected (`reading`); otherwise the
        // careful way, which says what is wrong and where.
        if let document = Self.reading(bytes) {
            self = document
        } else {
            self = try Self.parsing(bytes, named: file)
        }
    }

    /// Reads a state file through a `Value` tree, checking every field: slower than
    /// `reading`, and the only way that words what is wrong with a file.
    static func parsing(_ bytes: [UInt8], named file: String) throws(StateError) -> StateDocument {
        let root: Value
        do {
            root = try JSON.parse(bytes)
        } catch {
            throw StateError(.corrupt(file: file, line: error.line, column: error.column, reason: error.message))
        }
        do {
            return try StateDocument(stateJSON: root, file: file)
        } catch let error where error.kindIsInvalidRecord {
            throw StateError(.corrupt(file: file, line: nil, column: nil, reason: error.message))
        }
    }

    private init(stateJSON root: Value, file: String) throws(StateError) {
        let fields = try FieldReader(root, path: "state")
        // The version comes first: a newer file may differ in every other field.
        let version = try fields.int("version")
        guard version <= StateDocument.currentVersion else {
            throw StateError(.futureVersion(file: file, found: version, supported: StateDocument.currentVersion))
        }
        guard version >= 1 else {
            throw StateError(.invalidRecord(path: "state.version", reason: "\(version) is not a state format version"))
        }
        let resourcesValue = try fields.value("resources")
        guard case .array(let items) = resourcesValue else {
            throw StateError(.invalidRecord(path: "state.resources", reason: "expected an array, found \(resourcesValue.kindName)"))
        }
        var resources: [ResourceState] = []
        resources.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            resources.append(try ResourceState(json: item, path: "resources[\(index)]"))
        }
        try Self.sortByAddress(&resources)
        let serial = try fields.int("serial")
        let lineage = try fields.string("lineage")
        let metadata = try fields.object("metadata", default: [:])
        self.init(version: version, serial: serial, lineage: lineage, resources: resources, metadata: metadata)
    }
}

extension StateDocument {
    /// Sorts `resources` by address, as a document keeps them.
    /// - Throws: `.invalidRecord` naming an address that appears twice.
    static func sortByAddress(_ resources: inout [ResourceState]) throws(StateError) {
        if !resources.isSorted { resources.sort { $0.address < $1.address } }
        for index in resources.indices.dropFirst() where resources[index].address == resources[index - 1].address {
            throw StateError(.invalidRecord(path: "resources", reason: "\(resources[index].address) appears twice"))
        }
    }
}

extension StateError {
    var kindIsInvalidRecord: Bool {
        if case .invalidRecord = kind { return true }
        return false
    }
}

extension Array where Element == ResourceState {
    var isSorted: Bool {
        guard count > 1 else { return true }
        for i in 1..<count where !(self[i - 1].address < self[i].address) { return false }
        return true
    }
}
