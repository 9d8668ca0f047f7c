import GantryBasics

// Direct readers of the lower messages (see `WireReadable`): each mirrors its
// `init(wireValue:)` in ProviderMessages+Wire.swift and WireRepresentable.swift.

extension SourceLocation: WireReadable {
    init(reading reader: inout JSONReader) throws(JSONError) {
        var file: String?, line: Int?, column: Int?
        try reader.readObject { (key, reader: inout JSONReader) throws(JSONError) in
            switch key {
            case "file": file = try reader.readString()
            case "line": line = try reader.readInt()
            case "column": column = try reader.readInt()
            default: try reader.skipValue()
            }
        }
        self.init(file: try JSONReader.required(file, "file"), line: try JSONReader.required(line, "line"),
                  column: try JSONReader.required(column, "column"))
    }
}

extension IntentItem: WireReadable {
    init(reading reader: inout JSONReader) throws(JSONError) {
        var address: String?, kind: String?, name: String?, provider: String?, region: String?
        var attributes: [String: Value] = [:], dependsOn: [ResourceAddress] = [], location: SourceLocation?
        try reader.readObject { (key, reader: inout JSONReader) throws(JSONError) in
            switch key {
            case "address": address = try reader.readString()
            case "kind": kind = try reader.readString()
            case "name": name = try reader.readString()
            case "provider": provider = try reader.readString()
            case "region": region = try reader.readOptionalString()
            case "attributes": attributes = try reader.readMembers()
            case "depends_on": dependsOn = try reader.readAddresses()
            case "location": location = try reader.readOptional(SourceLocation.self)
            default: try reader.skipValue()
            }
        }
        self.init(address: ResourceAddress(try JSONReader.required(address, "address")),
                  kind: try JSONReader.required(kind, "kind"), name: try JSONReader.required(name, "name"),
                  region: region, provider: try JSONReader.required(provider, "provider"), attributes: attributes,
                  dependsOn: dependsOn, location: location)
    }
}

extension LowerRequest: WireReadable {
    init(reading reader: inout JSONReader) throws(JSONError) {
        var items: [IntentItem] = [], wanted: [ResourceAddress: Set<String>]?
        try reader.readObject { (key, reader: inout JSONReader) throws(JSONError) in
            switch key {
            case "items": items = try reader.readList { (r: inout JSONReader) throws(JSONError) in try IntentItem(reading: &r) }
            case "outputs_wanted":
                guard try !reader.readNull() else { wanted = nil; return }
                var byAddress: [ResourceAddress: Set<String>] = [:]
                try reader.readObject { (address, reader: inout JSONReader) throws(JSONError) in
                    // A list is required here: `null` is not "none wanted".
                    var names: Set<String> = []
                    try reader.readArray { (r: inout JSONReader) throws(JSONError) in names.insert(try r.readString()) }
                    byAddress[ResourceAddress(address)] = names
                }
                wanted = byAddress
            default: try reader.skipValue()
            }
        }
        self.init(items: items, outputsWanted: wanted)
    }
}

extension ResourceConfig: WireReadable {
    init(reading reader: inout JSONReader) throws(JSONError) {
        var address: String?, type: String?, name: String?, provider: String?, origin: String?
        var attributes: [String: Value] = [:], dependsOn: [ResourceAddress] = [], location: SourceLocation?
        try reader.readObject { (key, reader: inout JSONReader) throws(JSONError) in
            switch key {
            case "address": address = try reader.readString()
            case "type": type = try reader.readString()
            case "name": name = try reader.readString()
            case "provider": provider = try reader.readString()
            case "attributes": attributes = try reader.readMembers()
            case "depends_on": dependsOn = try reader.readAddresses()
            case "origin": origin = try reader.readString()
            case "location": location = try reader.readOptional(SourceLocation.self)
            default: try reader.skipValue()
            }
        }
        self.init(address: ResourceAddress(try JSONReader.required(address, "address")),
                  type: try JSONReader.required(type, "type"), name: try JSONReader.required(name, "name"),
                  provider: try JSONReader.required(provider, "provider"), attributes: attributes, dependsOn: dependsOn,
                  origin: ResourceAddress(try JSONReader.required(origin, "origin")), location: location)
    }
}

extension LowerResponse: WireReadable {
    init(reading reader: inout JSONReader) throws(JSONError) {
        var resources: [ResourceConfig] = [], outputs: [ResourceAddress: [String: Value]] = [:]
        var diagnostics: [Diagnostic] = []
        try reader.readObject { (key, reader: inout JSONReader) throws(JSONError) in
            switch key {
            case "resources":
                resources = try reader.readList { (r: inout JSONReader) throws(JSONError) in try ResourceConfig(reading: &r) }
            case "outputs":
                outputs = [:]
                guard try !reader.readNull() else { return }
                try reader.readObject { (address, reader: inout JSONReader) throws(JSONError) in
                    guard case .object(let values) = try reader.readValue() else { throw reader.shape("an object") }
                    outputs[ResourceAddress(address)] = values
                }
            case "diagnostics":
                diagnostics = try reader.readList { (r: inout JSONReader) throws(JSONError) in try r.readTree(Diagnostic.self) }
            default: try reader.skipValue()
            }
        }
        self.init(resources: resources, outputs: outputs, diagnostics: diagnostics)
    }
}
