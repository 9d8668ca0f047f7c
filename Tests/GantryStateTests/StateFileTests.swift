import Testing
import GantryBasics
@testable import GantryState

@Suite struct StateFileTests {
    @Test func roundTripKeepsEverything() throws {
        var document = Fixtures.document(count: 3, serial: 7)
        document.metadata["last_revision"] = "abc123"
        document.apply(.put(ResourceState(address: "storage.datasets.sim_filesystem.main", type: "sim_filesystem",
                                          provider: "sim", id: "fs-1",
                                          attributes: ["size_tib": 24, "throughput": 250.5, "tags": ["a": "b"],
                                                       "zones": ["us-east-1a"], "nothing": nil],
                                          dependencies: ["networks.train.sim_network.main"])))
        let bytes = try document.encodedFile()
        let back = try StateDocument(file: bytes, named: "state.json")
        #expect(back == document)
    }

    @Test func layoutIsOneResourcePerLineSortedByAddress() throws {
        var document = StateDocument(serial: 1, lineage: "L")
        document.resources = [Fixtures.resource("b.x"), Fixtures.resource("a.x")]  // unsorted on purpose
        let text = String(decoding: try document.encodedFile(gantryVersion: "9.9.9"), as: UTF8.self)
        let lines = text.split(separator: "\n")
        #expect(lines[0] == "{")
        #expect(lines[1] == #"  "version": 1,"#)
        #expect(lines[2] == #"  "serial": 1,"#)
        #expect(lines[4] == #"  "gantry_version": "9.9.9","#)
        #expect(lines[6].hasPrefix(#"    {"address":"a.x""#))
        #expect(lines[7].hasPrefix(#"    {"address":"b.x""#))
        #expect(try StateDocument(file: Array(text.utf8), named: "s").resources.map(\.address) == ["a.x", "b.x"])
    }

    @Test func sensitiveAttributesAreStoredAsDigests() throws {
        var document = StateDocument(serial: 1, lineage: "L")
        document.apply(.put(Fixtures.resource("db.x", attributes: ["password": "hunter2", "user": "ops"],
                                              sensitive: ["password"])))
        let text = String(decoding: try document.encodedFile(), as: UTF8.self)
        #expect(!text.contains("hunter2"))
        let back = try StateDocument(file: Array(text.utf8), named: "s")
        #expect(back.resources[0].attributes["password"] == Redaction.digest("hunter2"))
        #expect(back.resources[0].attributes["user"] == "ops")
        #expect(back.resources[0].displayAttributes["password"] == .string(Redaction.placeholder))
    }

    @Test func unknownValuesCannotBeRecorded() {
        var document = StateDocument(serial: 1, lineage: "L")
        document.apply(.put(Fixtures.resource("a.x", attributes: ["ip": .unknown])))
        #expect {
            _ = try document.encodedFile()
        } throws: { error in
            guard let error = error as? StateError, case .invalidRecord(let path, _) = error.kind else { return false }
            return path == "resources[0] (a.x).attributes.ip"
        }
    }

    @Test func futureVersionIsRefusedWithTheVersions() {
        let text = #"{"version": 2, "serial": 1, "lineage": "L", "resources": [], "something_new": {}}"#
        #expect {
            _ = try StateDocument(file: Array(text.utf8), named: ".gantry/state.json")
        } throws: { error in
            (error as? StateError)?.kind == .futureVersion(file: ".gantry/state.json", found: 2, supported: 1)
        }
    }

    @Test(arguments: [
        ("{\n  \"version\": 1,\n  \"serial\": 1\n  \"lineage\": \"L\"\n}", 4, 3, "expected ',' or '}'"),
        (#"{"version": 1, "serial": "one", "lineage": "L", "resources": []}"#, nil, nil, "state.serial: expected an integer"),
        (#"{"version": 1, "serial": 1, "lineage": "L", "resources": [{"address": "a"}]}"#, nil, nil, "resources[0].type: missing"),
        ("", 1, 1, "the input ended"),
    ] as [(String, Int?, Int?, String)])
    func corruptFilesNameTheFileAndPlace(text: String, line: Int?, column: Int?, reason: String) {
        do {
            _ = try StateDocument(file: Array(text.utf8), named: ".gantry/state.json")
            Issue.record("expected an error")
        } catch {
            guard case .corrupt(let file, let l, let c, _) = error.kind else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(file == ".gantry/state.json")
            #expect(l == line)
            #expect(c == column)
            #expect(error.description.contains(reason))
            #expect(error.description.contains("restore it from .gantry/backups/"))
        }
    }

    @Test func fastResourceEncodingMatchesTheGenericOne() throws {
        for resource in [Fixtures.resource("a.x", sensitive: ["name"]),
                         ResourceState(address: "b", type: "t", provider: "p", id: "i\"d", attributes: [:])] {
            var fast: [UInt8] = []
            try resource.appendJSON(to: &fast)
            #expect(String(decoding: fast, as: UTF8.self) == (try JSON.encode(resource.json)))
            var line: [UInt8] = []
            try JournalFile.appendLines([.put(resource)], to: &line)
            #expect(String(decoding: line, as: UTF8.self) == (try JSON.encode(JournalEntry.put(resource).json)) + "\n")
        }
    }

    @Test func journalEntriesRoundTrip() throws {
        let entries: [JournalEntry] = [
            .intent(address: "a.x", type: "t", provider: "sim", token: "tok"),
            .put(Fixtures.resource("a.x")),
            .remove("a.x"),
            .metadata(key: "k", value: ["nested": [1, 2.5]]),
        ]
        for entry in entries {
            #expect(try JournalEntry(json: try JSON.parse(try JSON.encode(entry.json))) == entry)
        }
        #expect(throws: StateError.self) { try JournalEntry(json: ["op": "explode"]) }
    }
}
