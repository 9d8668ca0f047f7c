import GantryBasics

// JSON forms of the schema, configure and lower messages (Docs/provider-protocol.md).

extension ResourceTypeSchema: WireRepresentable {
    public var wireValue: Value {
        ["name": .string(name), "force_new": forceNew.json, "computed": computed.json, "sensitive": sensitive.json,
         "create_before_destroy": .bool(createBeforeDestroy), "unchanged_is_no_op": .bool(unchangedIsNoOp)]
    }

    public init(wireValue: Value) throws(ProviderError) {
        let f = try WireFields(wireValue, what: "resource type schema")
        self.init(name: try f.string("name"), forceNew: Set(try f.strings("force_new")),
                  computed: Set(try f.strings("computed")), sensitive: Set(try f.strings("sensitive")),
                  createBeforeDestroy: try f.bool("create_before_destroy", default: false),
                  unchangedIsNoOp: try f.bool("unchanged_is_no_op", default: false))
    }
}

extension ProviderSchema: WireRepresentable {
    public var wireValue: Value { ["resource_types": .array(resourceTypes.map(\.wireValue))] }

    public init(wireValue: Value) throws(ProviderError) {
        let f = try WireFields(wireValue, what: "schema")
        self.init(resourceTypes: try f.list("resource_types") { v throws(ProviderError) in
            try ResourceTypeSchema(wireValue: v)
        })
    }
}

extension ConfigureRequest: WireRepresentable {
    public var wireValue: Value { ["config": .object(config), "working_directory": .string(workingDirectory)] }

    public init(wireValue: Value) throws(ProviderError) {
        let f = try WireFields(wireValue, what: "configure request")
        self.init(config: try f.object("config"), workingDirectory: try f.string("working_directory"))
    }
}

extension LowerRequest: WireObject {
    /// `outputs_wanted` maps item addresses to attribute names; absent means all.
    public func writeWire(to object: inout JSONObjectWriter) throws(JSONError) {
        try object.messages("items", items)
        if let outputsWanted {
            object.object("outputs_wanted") { wanted in
                for (address, names) in outputsWanted { wanted.strings(address.rawValue, names.sorted()) }
            }
        }
    }

    public init(wireValue: Value) throws(ProviderError) {
        let f = try WireFields(wireValue, what: "lower request")
        var wanted: [ResourceAddress: Set<String>]?
        if let object = try f.optionalObject("outputs_wanted") {
            var byAddress: [ResourceAddress: Set<String>] = [:]
            for (address, names) in object {
                guard let list = names.arrayValue?.compactMap(\.stringValue), list.count == names.arrayValue?.count else {
                    throw WireFields.malformed("outputs_wanted of `\(address)` must be a list of attribute names")
                }
                byAddress[ResourceAddress(address)] = Set(list)
            }
            wanted = byAddress
        }
        self.init(items: try f.list("items") { v throws(ProviderError) in try IntentItem(wireValue: v) },
                  outputsWanted: wanted)
    }
}

extension ResourceConfig: WireObject {
    public func writeWire(to object: inout JSONObjectWriter) throws(JSONError) {
        object.string("address", address.rawValue)
        object.string("type", type)
        object.string("name", name)
        object.string("provider", provider)
        try object.value("attributes", .object(attributes))
        object.addresses("depends_on", dependsOn)
        object.string("origin", origin.rawValue)
        if let location { try object.message("location", location) }
    }

    public init(wireValue: Value) throws(ProviderError) {
        let f = try WireFields(wireValue, what: "resource config")
        self.init(address: try f.address("address"), type: try f.string("type"), name: try f.string("name"),
                  provider: try f.string("provider"), attributes: try f.object("attributes"),
                  dependsOn: try f.addresses("depends_on"), origin: try f.address("origin"),
                  location: try f.optional("location") { v throws(ProviderError) in try SourceLocation(wireValue: v) })
    }
}

extension LowerResponse: WireObject {
    /// `outputs` is an object keyed by item address.
    public func writeWire(to object: inout JSONObjectWriter) throws(JSONError) {
        try object.messages("resources", resources)
        try object.object("outputs") { (outs: inout JSONObjectWriter) throws(JSONError) in
            for (address, values) in outputs { try outs.value(address.rawValue, .object(values)) }
        }
        try object.value("diagnostics", .array(diagnostics.map(\.wireValue)))
    }

    public init(wireValue: Value) throws(ProviderError) {
        let f = try WireFields(wireValue, what: "lower response")
        var outputs: [ResourceAddress: [String: Value]] = [:]
        for (address, values) in try f.object("outputs") {
            guard let object = values.objectValue else {
                throw WireFields.malformed("outputs of `\(address)` in the lower response must be an object")
            }
            outputs[ResourceAddress(address)] = object
        }
        self.init(resources: try f.list("resources") { v throws(ProviderError) in try ResourceConfig(wireValue: v) },
                  outputs: outputs,
                  diagnostics: try f.list("diagnostics") { v throws(ProviderError) in try Diagnostic(wireValue: v) })
    }
}
