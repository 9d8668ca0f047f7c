import GantryBasics
@testable import GantryProviderKit
import Testing

/// Messages read straight from text (`WireReadable`) are read exactly as their `Value`
/// forms are: the same message for anything valid, the same error for anything not —
/// checked on every message type and on hundreds of damaged variants of each.
@Suite struct WireReaderTests {
    static let location = SourceLocation(file: "gantry.yaml", line: 12, column: 5)
    static let attributes: [String: Value] = [
        "cidr": "10.0.0.0/16", "count": 3, "ratio": 0.5, "on": true, "none": nil, "tags": ["a": "b"],
        "later": .unknown, "vpc": .reference(.init(address: "networks.main.sim_vpc.main", attribute: "id")),
        "name": .template(["x-", .reference(.init(address: "a.b", attribute: "id"))]),
    ]
    static let item = IntentItem(address: "node_pools.a[us-east-1]", kind: "node_pools", name: "a", region: "us-east-1",
                                 provider: "sim", attributes: attributes, dependsOn: ["networks.main"], location: location)
    static let config = ResourceConfig(address: "a.sim_vpc.main", type: "sim_vpc", name: "main", provider: "sim",
                                       attributes: attributes, dependsOn: ["b.c.d"], origin: "a", location: location)
    static let snapshot = ResourceSnapshot(address: "a.b.c", type: "sim_vpc", id: "sim-1", attributes: attributes)
    static let diagnostic = Diagnostic.warning("mig-profile", "no such profile", at: location, path: "mig")

    /// Reads `text` both ways; both must give the same message, or the same error.
    static func expectAgreement<T: WireReadable & Equatable>(_: T.Type, _ text: [UInt8],
                                                             sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let direct = Result { () throws(ProviderError) in try T(wire: RawJSON(bytes: text, range: text.indices)) }
        let viaTree = Result { () throws(ProviderError) in try T(wireValue: try tree(text)) }
        #expect(direct == viaTree, "\(String(decoding: text, as: UTF8.self))", sourceLocation: sourceLocation)
    }

    /// `text` as a `Value`, as the fallback reads it.
    static func tree(_ text: [UInt8]) throws(ProviderError) -> Value {
        do { return try JSON.parse(text, markers: true) } catch { throw WireFields.malformed("not JSON: \(error)") }
    }

    /// `message`, then every variant with one member (at any depth) removed, nulled,
    /// given the wrong type or a marker, or repeated — each read both ways.
    /// - Parameter direct: whether the well-formed message is read directly (operation
    ///   failures are read the `Value` way by design).
    static func checkVariants<T: WireReadable & WireObject & Equatable>(_ message: T, direct: Bool = true) throws {
        let json = try message.wireJSON()
        let read = try? RawJSON(bytes: json, range: json.indices).read { (r: inout JSONReader) throws(JSONError) in
            try T(reading: &r)
        }
        #expect(read == (direct ? message : nil))
        expectAgreement(T.self, json)
        for variant in variants(of: try JSON.parse(json, markers: true)) {
            expectAgreement(T.self, try JSON.encodeBytes(variant, sortedKeys: false, markers: true))
            expectAgreement(T.self, try JSON.encodeBytes(variant, sortedKeys: true, markers: true))
        }
        // A repeated member: the last one counts.
        var repeated = json
        repeated.removeLast()
        repeated += Array(#","address":"other","items":[],"found":null,"attributes":{"k":1}}"#.utf8)
        expectAgreement(T.self, repeated)
    }

    static let replacements: [Value?] = [nil, .null, 1, 2.5, "text", true, [], ["x"], [:], .unknown,
                                         .reference(.init(address: "a", attribute: "b"))]

    /// Each object member at any depth, outside attribute values, replaced in turn.
    static func variants(of value: Value) -> [Value] {
        guard case .object(let members) = value else {
            guard case .array(let elements) = value, let first = elements.first else { return [] }
            return variants(of: first).map { .array([$0] + elements.dropFirst()) }
        }
        var out: [Value] = []
        for (key, member) in members {
            for replacement in replacements {
                var copy = members
                copy[key] = replacement
                out.append(.object(copy))
            }
            guard !["attributes", "proposed", "prior", "planned", "config", "detail"].contains(key) else { continue }
            for nested in variants(of: member) {
                var copy = members
                copy[key] = nested
                out.append(.object(copy))
            }
        }
        out.append(.array([value]))
        out.append(.unknown)
        return out
    }

    @Test func lowerMessagesReadBothWaysAlike() throws {
        try Self.checkVariants(LowerRequest(items: [Self.item], outputsWanted: ["networks.main": ["id", "arn"]]))
        try Self.checkVariants(LowerRequest(items: [Self.item, Self.item]))
        try Self.checkVariants(Self.item)
        try Self.checkVariants(Self.location)
        try Self.checkVariants(Self.config)
        try Self.checkVariants(LowerResponse(resources: [Self.config], outputs: ["a": ["id": "x", "n": 2]],
                                             diagnostics: [Self.diagnostic]))
    }

    @Test func operationMessagesReadBothWaysAlike() throws {
        try Self.checkVariants(PlanRequest(address: "a.b.c", type: "sim_vpc", prior: ["id": "x"], proposed: Self.attributes))
        try Self.checkVariants(PlanResponse(address: "a.b.c", planned: Self.attributes, requiresReplace: ["cidr"],
                                            diagnostics: [Self.diagnostic]))
        try Self.checkVariants(CreateRequest(address: "a.b.c", type: "sim_vpc", attributes: Self.attributes, intentToken: "t"))
        try Self.checkVariants(UpdateRequest(address: "a.b.c", type: "t", id: "i", prior: ["x": 1], attributes: ["x": 2]))
        try Self.checkVariants(DeleteRequest(address: "a.b.c", type: "t", id: "i", attributes: ["x": 1]))
        try Self.checkVariants(ReadRequest(type: "sim_vpc", items: [.init(address: "a.b.c", id: "sim-1")]))
        try Self.checkVariants(Self.snapshot)
        try Self.checkVariants(ReadResult.found(Self.snapshot))
        try Self.checkVariants(ReadResult.notFound("a.b.c"))
        try Self.checkVariants(OperationResult.success(Self.snapshot))
        try Self.checkVariants(OperationResult.deleted("a.b.c"))
        try Self.checkVariants(OperationResult.failure("a.b.c", ProviderError(.capacity, "full", providerCode: "Cap")),
                               direct: false)
    }

    @Test func batchesReadBothWaysAlike() throws {
        let results: [ReadResult] = [.found(Self.snapshot), .notFound("x.y.z")]
        let json = try results.wireJSON(under: "results")
        let direct = try [ReadResult](wire: RawJSON(bytes: json, range: json.indices), under: "results", what: "read result")
        #expect(direct == results)
        for text in [#"{}"#, #"{"results":null}"#, #"{"results":3}"#, #"{"results":[{"found":{"address":"a"}}]}"#, #"[]"#] {
            let bytes = Array(text.utf8)
            let direct = Result { () throws(ProviderError) in
                try [ReadResult](wire: RawJSON(bytes: bytes, range: bytes.indices), under: "results", what: "read result")
            }
            let viaTree = Result { () throws(ProviderError) in
                try WireFields(try Self.tree(bytes), what: "read result").list("results") {
                    v throws(ProviderError) in try ReadResult(wireValue: v)
                }
            }
            #expect(direct == viaTree, "\(text)")
        }
    }

    @Test func malformedMessagesKeepTheirWording() {
        let text = Array(#"{"type":"t","items":[{"address":"a","id":3}]}"#.utf8)
        #expect { try ReadRequest(wire: RawJSON(bytes: text, range: text.indices)) } throws: { error in
            "\(error)".contains("`id` of the read item must be a string, not a number") && "\(error)".contains("items[0]")
        }
    }
}

/// Envelopes read with their payload left as text classify every line as
/// `RPCMessage.decode` does, errors and request ids included.
@Suite struct RPCEnvelopeTests {
    static let lines: [String] = [
        #"{"jsonrpc":"2.0","id":1,"method":"lower","params":{"items":[]}}"#,
        #"{"jsonrpc":"2.0","method":"cancel","params":{"id":3}}"#, #"{"jsonrpc":"2.0","id":2,"method":"schema"}"#,
        #"{"jsonrpc":"2.0","id":1,"result":{"resources":[{"$ref":"a.b"}]}}"#, #"{"id":1.0,"jsonrpc":"2.0","result":null}"#,
        #"{"jsonrpc":"2.0","id":7,"error":{"code":-32000,"message":"no","data":{"code":"auth","message":"no"}}}"#,
        #"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"bad"}}"#,
        #"{"jsonrpc":"2.0","id":"7","method":"x"}"#, #"{"jsonrpc":"1.0","id":1,"result":{}}"#, #"{"id":1,"result":{}}"#,
        #"{"jsonrpc":"2.0","id":4,"method":5}"#, #"{"jsonrpc":"2.0","id":4,"error":"bad"}"#, #"{"jsonrpc":"2.0","result":{}}"#,
        #"{"jsonrpc":"2.0","id":4}"#, #"[1,2]"#, #"{"$unknown":true}"#, #"{"jsonrpc":"2.0"}"#, #"hello"#,
        #"{"jsonrpc":"2.0","id":1,"result":{"a":tru}}"#, #"{"jsonrpc":"2.0","id":1,"result":{}} x"#,
        "\u{FEFF}{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}", #"  {"jsonrpc":"2.0","id":1,"result":[1, 2],"extra":{}}  "#,
        #"{"jsonrpc":"2.0","id":1,"result":1,"result":{"b":2}}"#, #"{"jsonrpc":"2.0","id":1,"method":"a","params":[1]}"#,
    ]

    @Test(arguments: lines)
    func envelopesAgreeWithTheTreeDecoder(_ line: String) throws {
        let bytes = Array(line.utf8)
        let tree = Result { () throws(RPCError) in try RPCMessage.decode(bytes) }
        let text = Result { () throws(RPCError) -> RPCMessage in
            switch try RPCEnvelope.decode(bytes) {
            case .request(let id, let method, let params): return .request(id: id, method: method, params: try Self.value(params))
            case .notification(let method, let params): return .notification(method: method, params: try Self.value(params))
            case .result(let id, let result): return .result(id: id, result: try Self.value(result))
            case .error(let id, let error): return .error(id: id, error)
            }
        }
        #expect(tree == text)
    }

    static func value(_ json: RawJSON) throws(RPCError) -> Value {
        do { return try json.value() } catch { throw RPCError(code: 0, message: "unreadable payload: \(error)") }
    }
}
