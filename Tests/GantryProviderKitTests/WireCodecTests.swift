import GantryBasics
import GantryProviderKit
import Testing

/// Every message survives the trip to JSON text and back unchanged, markers included.
@Suite struct WireCodecTests {
    static let location = SourceLocation(file: "gantry.yaml", line: 12, column: 5)
    static let attributes: [String: Value] = [
        "cidr": "10.0.0.0/16", "count": 3, "ratio": 0.5, "on": true, "none": nil, "tags": ["a": "b"],
        "zones": ["a", "b"], "later": .unknown,
        "vpc": .reference(.init(address: "networks.main.sim_vpc.main", attribute: "id")),
    ]

    /// Encodes to JSON text and parses back, as the pipe does.
    static func roundTrip<T: WireRepresentable>(_ message: T) throws -> T {
        let text = try JSON.encode(message.wireValue, markers: true)
        return try T(wireValue: try JSON.parse(text, markers: true))
    }

    @Test func requestsRoundTrip() throws {
        let item = IntentItem(address: "node_pools.a[us-east-1]", kind: "node_pools", name: "a", region: "us-east-1",
                              provider: "sim", attributes: Self.attributes, dependsOn: ["networks.main"],
                              location: Self.location)
        #expect(try Self.roundTrip(LowerRequest(items: [item])) == LowerRequest(items: [item]))
        let configure = ConfigureRequest(config: ["seed": 7], workingDirectory: "/tmp/x")
        #expect(try Self.roundTrip(configure) == configure)
        let plan = PlanRequest(address: "a.sim_vpc.main", type: "sim_vpc", prior: nil, proposed: Self.attributes)
        #expect(try Self.roundTrip(plan) == plan)
        let planPrior = PlanRequest(address: "a.sim_vpc.main", type: "sim_vpc", prior: ["id": "x"], proposed: [:])
        #expect(try Self.roundTrip(planPrior) == planPrior)
        let create = CreateRequest(address: "a.sim_vpc.main", type: "sim_vpc", attributes: Self.attributes, intentToken: "t")
        #expect(try Self.roundTrip(create) == create)
        let update = UpdateRequest(address: "a.b.c", type: "sim_vpc", id: "sim-1", prior: ["x": 1], attributes: ["x": 2])
        #expect(try Self.roundTrip(update) == update)
        let delete = DeleteRequest(address: "a.b.c", type: "sim_vpc", id: "sim-1", attributes: ["x": 1])
        #expect(try Self.roundTrip(delete) == delete)
        let read = ReadRequest(type: "sim_vpc", items: [.init(address: "a.b.c", id: "sim-1")])
        #expect(try Self.roundTrip(read) == read)
        #expect(try Self.roundTrip(ListRequest(type: "sim_vpc", region: "eu-central-1")).region == "eu-central-1")
    }

    @Test func responsesRoundTrip() throws {
        let schema = ProviderSchema(resourceTypes: [ResourceTypeSchema(
            name: "sim_vpc", forceNew: ["cidr"], computed: ["id"], sensitive: ["secret"], createBeforeDestroy: true)])
        #expect(try Self.roundTrip(schema) == schema)
        let config = ResourceConfig(address: "a.sim_vpc.main", type: "sim_vpc", name: "main", provider: "sim",
                                    attributes: Self.attributes, dependsOn: ["b.c.d"], origin: "a", location: Self.location)
        let diagnostic = Diagnostic.warning("mig-profile", "no such profile", at: Self.location, path: "mig",
                                            expected: "1g.10gb", hint: "did you mean 1g.10gb?")
        let lower = LowerResponse(resources: [config], outputs: ["a": ["id": .reference(.init(address: "a.sim_vpc.main",
                                                                                              attribute: "id"))]],
                                  diagnostics: [diagnostic])
        #expect(try Self.roundTrip(lower) == lower)
        let plan = PlanResponse(address: "a.b.c", planned: Self.attributes, requiresReplace: ["cidr"],
                                diagnostics: [diagnostic])
        #expect(try Self.roundTrip(plan) == plan)
        let snapshot = ResourceSnapshot(address: "a.b.c", type: "sim_vpc", id: "sim-1", attributes: ["id": "sim-1"])
        for result in [ReadResult.found(snapshot), .notFound("a.b.c")] { #expect(try Self.roundTrip(result) == result) }
        let error = ProviderError(.capacity, "no room", address: "a.b.c", providerCode: "InsufficientInstanceCapacity",
                                  detail: ["zone": "us-east-1a", "available": 0])
        for result in [OperationResult.success(snapshot), .deleted("a.b.c"), .failure("a.b.c", error)] {
            #expect(try Self.roundTrip(result) == result)
        }
    }

    @Test func errorsKeepTheProvidersCodeMessageAndDetail() throws {
        let error = ProviderError(.throttled, "Rate exceeded", providerCode: "Throttling", detail: ["retry_after_ms": 100])
        let back = try Self.roundTrip(error)
        #expect(back == error)
        #expect(back.description == "throttled: Rate exceeded (Throttling)")
        // A code from a newer plugin is kept rather than lost.
        let future = try ProviderError(wireValue: ["code": "quota_exhausted", "message": "m"])
        #expect(future.code == .fatal)
        #expect(future.detail["code"] == "quota_exhausted")
    }

    @Test func malformedMessagesNameTheField() {
        #expect { try CreateRequest(wireValue: ["address": "a", "type": "t", "attributes": [:]]) } throws: { error in
            "\(error)".contains("create request has no `intent_token`")
        }
        #expect { try ReadRequest(wireValue: ["type": "t", "items": [["address": "a", "id": 3]]]) } throws: { error in
            "\(error)".contains("`id` of the read item must be a string, not a number")
                && "\(error)".contains("items[0]")
        }
    }

    @Test func rpcEnvelopesDecodeEachKind() throws {
        let request = RPCMessage.request(id: 4, method: "read", params: ["type": "x", "items": []])
        #expect(try RPCMessage.decode(try request.encoded()) == request)
        let reply = RPCMessage.error(id: 4, RPCError(ProviderError(.auth, "denied", providerCode: "AccessDenied")))
        guard case .error(let id, let error) = try RPCMessage.decode(try reply.encoded()) else {
            Issue.record("not an error reply")
            return
        }
        #expect(id == 4)
        #expect(error.providerError.providerCode == "AccessDenied")
        #expect(error.providerError.code == .auth)
        #expect(throws: RPCError.self) { try RPCMessage.decode(Array("hello".utf8)) }
        #expect(ByteEscaping.quote(Array("a\u{1b}[31m\n".utf8)) == #""a\x1b[31m\n""#)
    }
}

/// The messages written straight to bytes (`WireObject`) keep the member names of
/// Docs/provider-protocol.md, which plugins in other languages rely on.
@Suite struct WireObjectShapeTests {
    @Test func intentItemsAndLowerRequestsHaveTheDocumentedMembers() throws {
        let item = IntentItem(address: "resources.a", kind: "resources", name: "a", region: nil, provider: "sim",
                              attributes: ["type": "sim_data"], dependsOn: ["resources.b"],
                              location: SourceLocation(file: "gantry.yaml", line: 3, column: 5))
        let request = LowerRequest(items: [item], outputsWanted: ["resources.b": ["id", "arn"]])
        let text = String(decoding: try request.wireJSON(), as: UTF8.self)
        #expect(text == #"{"items":[{"address":"resources.a","kind":"resources","name":"a","provider":"sim","#
            + #""attributes":{"type":"sim_data"},"depends_on":["resources.b"],"#
            + #""location":{"file":"gantry.yaml","line":3,"column":5}}],"outputs_wanted":{"resources.b":["arn","id"]}}"#)
    }

    @Test func answersHaveTheDocumentedMembers() throws {
        let snapshot = ResourceSnapshot(address: "a.b.c", type: "sim_vpc", id: "sim-1", attributes: [:])
        #expect(String(decoding: try ReadResult.found(snapshot).wireJSON(), as: UTF8.self)
            == #"{"found":{"address":"a.b.c","type":"sim_vpc","id":"sim-1","attributes":{}}}"#)
        #expect(String(decoding: try OperationResult.deleted("a.b.c").wireJSON(), as: UTF8.self) == #"{"deleted":"a.b.c"}"#)
        let plan = PlanRequest(address: "a.b.c", type: "sim_vpc", prior: nil, proposed: [:])
        #expect(String(decoding: try plan.wireJSON(), as: UTF8.self)
            == #"{"address":"a.b.c","type":"sim_vpc","proposed":{},"prior":null}"#)
    }

    @Test func aMessageJSONCannotCarryIsAnUnencodableMessageError() {
        let create = CreateRequest(address: "a.b.c", type: "sim_vpc", attributes: ["ratio": .double(.infinity)],
                                   intentToken: "t")
        do {
            _ = try create.wireJSON()
            Issue.record("an infinite double has no JSON form")
        } catch {
            #expect(error.providerCode == "UnencodableMessage")
            #expect(error.message.contains("$.attributes.ratio"))
        }
        #expect(create.wireValue == .null)
    }
}
