import GantryBasics
import GantryProviderKit
import Testing

/// A plugin sends back only the outputs something references and no location that repeats
/// its item's; the host gets back exactly what the provider lowered, minus unused outputs.
@Suite struct LowerResponseTrimmingTests {
    static let here = SourceLocation(file: "gantry.yaml", line: 3, column: 3)
    static let elsewhere = SourceLocation(file: "gantry.yaml", line: 9, column: 5)

    static func item(_ name: String, _ attributes: [String: Value] = [:]) -> IntentItem {
        IntentItem(address: ResourceAddress("resources.\(name)"), kind: "resources", name: name, region: nil, provider: "sim",
                   attributes: attributes, location: here)
    }

    static func ref(_ address: String, _ attribute: String) -> Value {
        .reference(.init(address: ResourceAddress(address), attribute: attribute))
    }

    static let response = LowerResponse(
        resources: [
            ResourceConfig(address: "resources.a.sim_data.main", type: "sim_data", name: "main", provider: "sim",
                           attributes: ["input": "root"], origin: "resources.a", location: here),
            // Points at an item output nobody asked for: it must survive.
            ResourceConfig(address: "resources.b.sim_data.main", type: "sim_data", name: "main", provider: "sim",
                           attributes: ["zone": ref("resources.a", "zone")], origin: "resources.b", location: elsewhere),
        ],
        outputs: [
            "resources.a": ["id": ref("resources.a.sim_data.main", "id"), "zone": "us-east-1a",
                            "alias": ref("resources.b", "id"), "unused": "x"],
            "resources.b": ["id": ref("resources.b.sim_data.main", "id"), "unused": "y"],
        ])

    @Test func onlyReferencedOutputsAndTheirChainsAreSent() throws {
        let request = LowerRequest(items: [Self.item("a"), Self.item("b")], outputsWanted: ["resources.a": ["alias"]])
        let sent = try WireCodecTests.roundTrip(Self.response.trimmed(for: request))
        #expect(sent.outputs["resources.a"] == ["alias": Self.ref("resources.b", "id"), "zone": "us-east-1a"])
        #expect(sent.outputs["resources.b"] == ["id": Self.ref("resources.b.sim_data.main", "id")])
    }

    @Test func anItemMissingAWantedOutputKeepsAllForTheDiagnostic() {
        let request = LowerRequest(items: [Self.item("a")], outputsWanted: ["resources.a": ["vpc_id"]])
        #expect(Self.response.trimmed(for: request).outputs["resources.a"] == Self.response.outputs["resources.a"])
    }

    @Test func withoutAWantedListEveryOutputIsSent() {
        let request = LowerRequest(items: [Self.item("a"), Self.item("b")])
        #expect(Self.response.trimmed(for: request).outputs == Self.response.outputs)
    }

    @Test func locationsThatRepeatTheItemsAreLeftOutAndRestored() throws {
        let request = LowerRequest(items: [Self.item("a"), Self.item("b")], outputsWanted: [:])
        let sent = try WireCodecTests.roundTrip(Self.response.trimmed(for: request))
        #expect(sent.resources.map(\.location) == [nil, Self.elsewhere])
        #expect(sent.restored(for: request).resources == Self.response.resources)
    }

    @Test func locationsAreFoundForResourcesInAnyOrder() throws {
        // Items each declared somewhere else; resources lowered in order, out of order,
        // several per item, and one from an item without a location.
        let items = (0..<6).map { i in
            var item = Self.item("i\(i)")
            item.location = i == 4 ? nil : SourceLocation(file: "gantry.yaml", line: 10 + i, column: 3)
            return item
        }
        let origins = [0, 0, 1, 3, 2, 5, 4, 1, 5]
        let resources = origins.enumerated().map { n, i in
            ResourceConfig(address: ResourceAddress("resources.i\(i).sim_data.r\(n)"), type: "sim_data", name: "r\(n)",
                           provider: "sim", attributes: [:], origin: items[i].address,
                           location: n == 7 ? Self.elsewhere : items[i].location)
        }
        let request = LowerRequest(items: items, outputsWanted: [:])
        let response = LowerResponse(resources: resources)
        let sent = try WireCodecTests.roundTrip(response.trimmed(for: request))
        #expect(sent.resources.map(\.location) == origins.indices.map { $0 == 7 ? Self.elsewhere : nil })
        #expect(sent.restored(for: request).resources == resources)
    }
}
