import GantryBasics
import Testing

/// `Value.template`: a string interpolating references, joined once they resolve.
@Suite struct ValueTemplateTests {
    let ref = Value.reference(.init(address: "networks.main.sim_vpc.main", attribute: "id"))

    @Test func knownPartsJoinIntoAString() {
        #expect(Value.interpolated(["vpc-", 7, "-", true]) == "vpc-7-true")
        #expect(Value.interpolated([]) == "")
    }

    @Test func aReferenceKeepsTheTemplateAndAnUnknownPartMakesItUnknown() {
        let template = Value.interpolated([ref, "-logs"])
        #expect(template == .template([ref, "-logs"]))
        #expect(template.containsUnknown)
        #expect(template.references.map(\.attribute) == ["id"])
        #expect(Value.interpolated([.unknown, "-logs"]) == .unknown)
        #expect(Value.interpolated([.object([:]), "-logs"]) == .unknown)
        // Nested templates flatten.
        #expect(Value.interpolated(["a-", template]) == .template(["a-", ref, "-logs"]))
        #expect(Value.templateText([ref, "-logs"]) == "${networks.main.sim_vpc.main.id}-logs")
    }

    @Test func templatesRoundTripThroughJSONMarkersAndHaveNoPlainForm() throws {
        let value: Value = ["name": .template([ref, "-logs"])]
        let bytes = try JSON.encodeBytes(value, markers: true)
        #expect(try JSON.parse(bytes, markers: true) == value)
        #expect(throws: JSONError.self) { try JSON.encodeBytes(value) }
    }
}
