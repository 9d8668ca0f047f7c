import GantryBasics

/// A provider-protocol message with a JSON form: what crosses the plugin boundary.
///
/// Values inside attributes keep `.unknown` and `.reference` as marker objects
/// (`{"$unknown":true}`, `{"$ref":"address.attribute"}`), so encode the resulting `Value`
/// with `JSON.encode(_:markers: true)` and parse with `markers: true`. Member names are
/// snake_case, as in Docs/provider-protocol.md.
///
/// ```swift
/// let json = request.wireValue
/// let back = try CreateRequest(wireValue: json)
/// ```
public protocol WireRepresentable: Sendable {
    /// This message as a JSON value.
    var wireValue: Value { get }
    /// Reads the message back.
    /// - Throws: `ProviderError` (`invalid`, provider code `MalformedMessage`) naming the
    ///   field that is missing or has the wrong type.
    init(wireValue: Value) throws(ProviderError)
}

extension SourceLocation: WireObject {
    public func writeWire(to object: inout JSONObjectWriter) throws(JSONError) {
        object.string("file", file)
        object.int("line", line)
        object.int("column", column)
    }

    public init(wireValue: Value) throws(ProviderError) {
        let f = try WireFields(wireValue, what: "source location")
        self.init(file: try f.string("file"), line: try f.int("line"), column: try f.int("column"))
    }
}

extension Diagnostic: WireRepresentable {
    public var wireValue: Value {
        var out: [String: Value] = ["severity": .string(severity.rawValue), "code": .string(code),
                                    "message": .string(message)]
        if let location { out["location"] = location.wireValue }
        if let path { out["path"] = .string(path) }
        if let expected { out["expected"] = .string(expected) }
        if let hint { out["hint"] = .string(hint) }
        return .object(out)
    }

    public init(wireValue: Value) throws(ProviderError) {
        let f = try WireFields(wireValue, what: "diagnostic")
        let severityText = try f.optionalString("severity") ?? "error"
        guard let severity = Severity(rawValue: severityText) else {
            throw WireFields.malformed("diagnostic severity must be error, warning or note, not `\(severityText)`")
        }
        self.init(severity, code: try f.string("code"), message: try f.string("message"),
                  location: try f.optional("location") { v throws(ProviderError) in try SourceLocation(wireValue: v) },
                  path: try f.optionalString("path"), expected: try f.optionalString("expected"),
                  hint: try f.optionalString("hint"))
    }
}

extension IntentItem: WireObject {
    public func writeWire(to object: inout JSONObjectWriter) throws(JSONError) {
        object.string("address", address.rawValue)
        object.string("kind", kind)
        object.string("name", name)
        object.string("provider", provider)
        try object.value("attributes", .object(attributes))
        object.addresses("depends_on", dependsOn)
        if let region { object.string("region", region) }
        if let location { try object.message("location", location) }
    }

    public init(wireValue: Value) throws(ProviderError) {
        let f = try WireFields(wireValue, what: "intent item")
        self.init(address: try f.address("address"), kind: try f.string("kind"), name: try f.string("name"),
                  region: try f.optionalString("region"), provider: try f.string("provider"),
                  attributes: try f.object("attributes"), dependsOn: try f.addresses("depends_on"),
                  location: try f.optional("location") { v throws(ProviderError) in try SourceLocation(wireValue: v) })
    }
}

extension ProviderError: WireRepresentable {
    /// `{code, message, address?, provider_code?, detail?}`; the `data` of a JSON-RPC error.
    public var wireValue: Value {
        var out: [String: Value] = ["code": .string(code.rawValue), "message": .string(message)]
        if let address { out["address"] = .string(address.rawValue) }
        if let providerCode { out["provider_code"] = .string(providerCode) }
        if !detail.isEmpty { out["detail"] = .object(detail) }
        return .object(out)
    }

    /// Reads an error back; a code this Gantry does not know becomes `fatal` with the
    /// original code kept in `detail.code`, so nothing the plugin said is lost.
    public init(wireValue: Value) throws(ProviderError) {
        let f = try WireFields(wireValue, what: "error")
        let codeText = try f.string("code")
        var detail = try f.object("detail")
        let code = Code(rawValue: codeText) ?? .fatal
        if Code(rawValue: codeText) == nil { detail["code"] = .string(codeText) }
        self.init(code, try f.string("message"), address: try f.optionalAddress("address"),
                  providerCode: try f.optionalString("provider_code"), detail: detail)
    }
}
