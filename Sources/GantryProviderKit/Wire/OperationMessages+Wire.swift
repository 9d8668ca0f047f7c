import GantryBasics

// JSON forms of the plan, create, update, delete, read and list messages and their results.

extension PlanRequest: WireObject {
    public func writeWire(to object: inout JSONObjectWriter) throws(JSONError) {
        object.string("address", address.rawValue)
        object.string("type", type)
        try object.value("proposed", .object(proposed))
        try object.value("prior", prior.map(Value.object) ?? .null)
    }

    public init(wireValue: Value) throws(ProviderError) {
        let f = try WireFields(wireValue, what: "plan request")
        self.init(address: try f.address("address"), type: try f.string("type"), prior: try f.optionalObject("prior"),
                  proposed: try f.object("proposed"))
    }
}

extension PlanResponse: WireObject {
    public func writeWire(to object: inout JSONObjectWriter) throws(JSONError) {
        object.string("address", address.rawValue)
        try object.value("planned", .object(planned))
        object.strings("requires_replace", requiresReplace)
        try object.value("diagnostics", .array(diagnostics.map(\.wireValue)))
    }

    public init(wireValue: Value) throws(ProviderError) {
        let f = try WireFields(wireValue, what: "plan response")
        self.init(address: try f.address("address"), planned: try f.object("planned"),
                  requiresReplace: try f.strings("requires_replace"),
                  diagnostics: try f.list("diagnostics") { v throws(ProviderError) in try Diagnostic(wireValue: v) })
    }
}

extension CreateRequest: WireObject {
    public func writeWire(to object: inout JSONObjectWriter) throws(JSONError) {
        object.string("address", address.rawValue)
        object.string("type", type)
        try object.value("attributes", .object(attributes))
        object.string("intent_token", intentToken)
    }

    public init(wireValue: Value) throws(ProviderError) {
        let f = try WireFields(wireValue, what: "create request")
        self.init(address: try f.address("address"), type: try f.string("type"), attributes: try f.object("attributes"),
                  intentToken: try f.string("intent_token"))
    }
}

extension UpdateRequest: WireObject {
    public func writeWire(to object: inout JSONObjectWriter) throws(JSONError) {
        object.string("address", address.rawValue)
        object.string("type", type)
        object.string("id", id)
        try object.value("prior", .object(prior))
        try object.value("attributes", .object(attributes))
    }

    public init(wireValue: Value) throws(ProviderError) {
        let f = try WireFields(wireValue, what: "update request")
        self.init(address: try f.address("address"), type: try f.string("type"), id: try f.string("id"),
                  prior: try f.object("prior"), attributes: try f.object("attributes"))
    }
}

extension DeleteRequest: WireObject {
    public func writeWire(to object: inout JSONObjectWriter) throws(JSONError) {
        object.string("address", address.rawValue)
        object.string("type", type)
        object.string("id", id)
        try object.value("attributes", .object(attributes))
    }

    public init(wireValue: Value) throws(ProviderError) {
        let f = try WireFields(wireValue, what: "delete request")
        self.init(address: try f.address("address"), type: try f.string("type"), id: try f.string("id"),
                  attributes: try f.object("attributes"))
    }
}

extension ReadRequest: WireObject {
    public func writeWire(to object: inout JSONObjectWriter) throws(JSONError) {
        object.string("type", type)
        object.array("items", items) { item, element in
            element.object { pair in
                pair.string("address", item.address.rawValue)
                pair.string("id", item.id)
            }
        }
    }

    public init(wireValue: Value) throws(ProviderError) {
        let f = try WireFields(wireValue, what: "read request")
        self.init(type: try f.string("type"), items: try f.list("items") { v throws(ProviderError) in
            let item = try WireFields(v, what: "read item")
            return Item(address: try item.address("address"), id: try item.string("id"))
        })
    }
}

extension ListRequest: WireRepresentable {
    public var wireValue: Value {
        var out: [String: Value] = ["type": .string(type)]
        if let region { out["region"] = .string(region) }
        return .object(out)
    }

    public init(wireValue: Value) throws(ProviderError) {
        let f = try WireFields(wireValue, what: "list request")
        self.init(type: try f.string("type"), region: try f.optionalString("region"))
    }
}

extension ResourceSnapshot: WireObject {
    public func writeWire(to object: inout JSONObjectWriter) throws(JSONError) {
        object.string("address", address.rawValue)
        object.string("type", type)
        object.string("id", id)
        try object.value("attributes", .object(attributes))
    }

    public init(wireValue: Value) throws(ProviderError) {
        let f = try WireFields(wireValue, what: "resource snapshot")
        self.init(address: try f.address("address"), type: try f.string("type"), id: try f.string("id"),
                  attributes: try f.object("attributes"))
    }
}

extension ReadResult: WireObject {
    /// `{"found": SNAPSHOT}` or `{"not_found": ADDRESS}`.
    public func writeWire(to object: inout JSONObjectWriter) throws(JSONError) {
        switch self {
        case .found(let snapshot): try object.message("found", snapshot)
        case .notFound(let address): object.string("not_found", address.rawValue)
        }
    }

    public init(wireValue: Value) throws(ProviderError) {
        let f = try WireFields(wireValue, what: "read result")
        if let snapshot = f.members["found"], !snapshot.isNull {
            self = .found(try ResourceSnapshot(wireValue: snapshot))
        } else if f.members["not_found"] != nil {
            self = .notFound(try f.address("not_found"))
        } else {
            throw WireFields.malformed("a read result needs `found` or `not_found`")
        }
    }
}

extension OperationResult: WireObject {
    /// `{"success": SNAPSHOT}`, `{"deleted": ADDRESS}` or `{"failure": {"address", "error"}}`.
    public func writeWire(to object: inout JSONObjectWriter) throws(JSONError) {
        switch self {
        case .success(let snapshot): try object.message("success", snapshot)
        case .deleted(let address): object.string("deleted", address.rawValue)
        case .failure(let address, let error):
            try object.object("failure") { (failure: inout JSONObjectWriter) throws(JSONError) in
                failure.string("address", address.rawValue)
                try failure.value("error", error.wireValue)
            }
        }
    }

    public init(wireValue: Value) throws(ProviderError) {
        let f = try WireFields(wireValue, what: "operation result")
        if let snapshot = f.members["success"], !snapshot.isNull {
            self = .success(try ResourceSnapshot(wireValue: snapshot))
        } else if f.members["deleted"] != nil {
            self = .deleted(try f.address("deleted"))
        } else if let failure = f.members["failure"], !failure.isNull {
            let inner = try WireFields(failure, what: "operation failure")
            let address = try inner.address("address")
            var error = try ProviderError(wireValue: inner.members["error"] ?? .null)
            if error.address == nil { error.address = address }
            self = .failure(address, error)
        } else {
            throw WireFields.malformed("an operation result needs `success`, `deleted` or `failure`")
        }
    }
}
