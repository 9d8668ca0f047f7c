import Testing
import GantryBasics
@testable import GantryState

/// The direct reader of state files (`StateDocument.reading`) must read every file as the
/// careful parse does, and give up on every file that parse refuses.
@Suite struct StateFileReadingTests {
    static let record = #"{"address":"a.x.sim_node.main","attributes":{"id":"n-1","size":2},"id":"n-1","provider":"sim","type":"sim_node"}"#

    /// State texts around the edges of the format, valid and not.
    static let texts: [String] = [
        #"{"version":1,"serial":3,"lineage":"L","resources":[\#(record)],"metadata":{"k":"v"}}"#,
        // Records out of order are sorted; unknown members are skipped; a repeated member's last value counts.
        #"{"version":1,"serial":3,"serial":4,"lineage":"L","gantry_version":"0.1.0","extra":[1,{"a":null}],"resources":[{"address":"b.y","type":"t","provider":"p","id":"2","attributes":{}},\#(record)]}"#,
        // Optional members absent or null; origin and dependencies present.
        #"{"version":1,"serial":1,"lineage":"L","resources":[{"address":"c","type":"t","provider":"p","id":"3","dependencies":null,"sensitive_paths":null,"origin":null}]}"#,
        #"{"version":1,"serial":1,"lineage":"L","resources":[{"address":"c","type":"t","provider":"p","id":"3","attributes":{"token":"sha256:00"},"dependencies":["a","b"],"sensitive_paths":["token"],"origin":"items.c","origin":"items.d"}]}"#,
        #"{"version":1,"serial":0,"lineage":"L","resources":[]}"#,
        // Refused: a newer version, a version or serial that is no integer, missing members.
        #"{"version":2,"serial":1,"lineage":"L","resources":[]}"#,
        #"{"version":0,"serial":1,"lineage":"L","resources":[]}"#,
        #"{"version":1.5,"serial":1,"lineage":"L","resources":[]}"#,
        #"{"version":1,"serial":"1","lineage":"L","resources":[]}"#,
        #"{"version":1,"lineage":"L","resources":[]}"#,
        #"{"version":1,"serial":1,"resources":[]}"#,
        #"{"version":1,"serial":1,"lineage":"L"}"#,
        // Refused records: a repeated address, null attributes, a missing id, an id that is no string.
        #"{"version":1,"serial":1,"lineage":"L","resources":[\#(record),\#(record)]}"#,
        #"{"version":1,"serial":1,"lineage":"L","resources":[{"address":"c","type":"t","provider":"p","id":"3","attributes":null}]}"#,
        #"{"version":1,"serial":1,"lineage":"L","resources":[{"address":"c","type":"t","provider":"p"}]}"#,
        #"{"version":1,"serial":1,"lineage":"L","resources":[{"address":"c","type":"t","provider":"p","id":3}]}"#,
        #"{"version":1,"serial":1,"lineage":"L","resources":[{"address":"c","type":"t","provider":"p","id":"3","dependencies":[1]}]}"#,
        #"{"version":1,"serial":1,"lineage":"L","resources":{}}"#,
        #"{"version":1,"serial":1,"lineage":"L","resources":[],"metadata":null}"#,
        #"{"version":1,"serial":1,"lineage":"L","resources":[]} trailing"#,
        #"[1,2]"#,
    ]

    @Test(arguments: texts)
    func directReadingAgreesWithTheCarefulParse(text: String) {
        let bytes = Array(text.utf8)
        let careful = Result { () throws(StateError) in try StateDocument.parsing(bytes, named: "state.json") }
        if let direct = StateDocument.reading(bytes) {
            #expect(direct == (try? careful.get()))
        } else {
            #expect(throws: StateError.self) { try careful.get() }
        }
    }

    @Test func aWrittenStateIsReadDirectly() throws {
        var document = Fixtures.document(count: 50, serial: 9)
        document.metadata["last_revision"] = "abc123"
        document.apply(.put(ResourceState(address: "storage.d.sim_filesystem.main", type: "sim_filesystem",
                                          provider: "sim", id: "fs-1", attributes: ["tags": ["a": "b"], "n": nil],
                                          dependencies: ["networks.t.sim_network.main"], origin: "storage.d")))
        let bytes = try document.encodedFile()
        #expect(StateDocument.reading(bytes) == document)
        #expect(try StateDocument(file: bytes, named: "state.json") == document)
    }

    @Test func aBrokenFileStillSaysWhereItIsBroken() {
        let text = #"{"version":1,"serial":1,"lineage":"L","resources":[{"address":"c","type":"t","provider":"p","id":3}]}"#
        #expect(StateDocument.reading(Array(text.utf8)) == nil)
        do {
            _ = try StateDocument(file: Array(text.utf8), named: "state.json")
            Issue.record("a record whose id is a number was read")
        } catch {
            #expect(error.description.contains("resources[0].id"))
            #expect(error.description.contains("state.json"))
        }
    }
}
