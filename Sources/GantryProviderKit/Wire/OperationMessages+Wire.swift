import GantryBasics

// JSON forms of the plan, create, update, delete, read and list messages and their results.

extension PlanRequest: WireRepresentable {
    public var wireValue: Value {
        var out: [String: Value] = ["address": .string(address.rawValue), "type": .string(type),
                                    "proposed": .object(proposed)]
        out["prior"] = prior.map(Value.object) ?? .null
        return .object(out)
    }

    public init(wireValue: Value) throws(ProviderError) {
        let f = try WireFields(wireValue, what: "plan request")
        self.init(address: try f.address("address"), type: try f.string("type"), prior: try f.optionalObject("prior"),
                  proposed: try f.object("proposed"))
    }
}

extension PlanResponse: WireRepresentable {
    public var wireValue: Value {
        ["address": .string(address.rawValue), "planned": .object(planned),
         "requires_replace": .array(requiresReplace.map(Value.string)),
         "diagnostics": .array(diagnostics.map(\.wireValue))]
    }

    public init(wireValue: Value) throws(ProviderError) {
        let f = try WireFields(wireValue, what: "plan response")
        self.init(address: try f.address("address"), planned: try f.object("planned"),
                  requiresReplace: try f.strings("requires_replace"),
                  diagnostics: try f.list("diagnostics") { v throws(ProviderError) in try Diagnostic(wireValue: v) })
    }
}

extension CreateRequest: WireRepresentable {
    public var wireValue: Value {
        ["address": .string(address.rawValue), "type": .string(type), "attributes": .object(attributes),
         "intent_token": .string(intentToken)]
    }

    public init(wireValue: Value) throws(ProviderError) {
        let f = try WireFields(wireValue, what: "create request")
        self.init(address: try f.address("address"), type: try f.string("type"), attributes: try f.object("attributes"),
                  intentToken: try f.string("intent_token"))
    }
}

extension UpdateRequest: WireRepresentable {
    public var wireValue: Value {
        ["address": .string(address.rawValue), "type": .string(type), "id": .string(id), "prior": .object(prior),
         "attributes": .object(attributes)]
    }

    public init(wireValue: Value) throws(ProviderError) {
        let f = try WireFields(wireValue, what: "update request")
        self.init(address: try f.address("address"), type: try f.string("type"), id: try f.string("id"),
                  prior: try f.object("prior"), attributes: try f.object("attributes"))
    }
}

extension DeleteRequest: WireRepresentable {
    public var wireValue: Value {
        ["address": .string(address.rawValue), "type": .string(type), "id": .string(id),
         "attributes": .object(attributes)]
    }

    public init(wireValue: Value) throws(ProviderError) {
        let f = try WireFields(wireValue, what: "delete request")
        self.init(address: try f.address("address"), type: try f.string("type"), id: try f.string("id"),
                  attributes: try f.object("attributes"))
    }
}

extension ReadRequest: WireRepresentable {
    public var wireValue: Value {
        ["type": .string(type),
         "items": .array(items.map { ["address": .string($0.address.rawValue), "id": .string($0.id)] })]
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

extension ResourceSnapshot: WireRepresentable {
    public var wireValue: Value {
        ["address": .string(address.rawValue), "type": .string(type), "id": .string(id),
         "attributes": .object(attributes)]
    }

    public init(wireValue: Value) throws(ProviderError) {
        let f = try WireFields(wireValue, what: "resource snapshot")
        self.init(address: try f.address("address"), type: try f.string("type"), id: try f.string("id"),
                  attributes: try f.object("attributes"))
    }
}

extension ReadResult: WireRepresentable {
    /// `{"found": SNAPSHOT}` or `{"not_found": ADDRESS}`.
    public var wireValue: Value {
        switch self {
        case .found(let snapshot): return ["found": snapshot.wireValue]
        case .notFound(let address): return ["not_found": .string(address.rawValue)]
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

extension OperationResult: WireRepresentable {
    /// `{"success": SNAPSHOT}`, `{"deleted": ADDRESS}` or `{"failure": {"address", "error"}}`.
    public var wireValue: Value {
        switch self {
        case .success(let snapshot): return ["success": snapshot.wireValue]
        case .deleted(let address): return ["deleted": .string(address.rawValue)]
        case .failure(let address, let error):
            return ["failure": ["address": .string(address.rawValue), "error": error.wireValue]]
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
