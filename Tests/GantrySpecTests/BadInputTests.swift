import Foundation
import Testing
import GantryBasics
@testable import GantrySpec

/// Hostile or broken files: each must give one clear diagnostic, never a crash or a hang.
@Suite struct BadInputTests {
    private func loadBytes(_ bytes: [UInt8]) -> SpecLoadResult {
        SpecLoader(environment: [:]).load(files: [("bad.yaml", bytes)])
    }

    @Test func billionLaughsFailsFast() {
        var yaml = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for i in 1...9 {
            let refs = Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ")
            yaml += "a\(i): &a\(i) [\(refs)]\n"
        }
        let result = load(yaml)
        #expect(result.spec == nil)
        #expect(result.codes == ["yaml-alias-bomb"])
        #expect(result.errors.first?.message.contains("billion laughs") == true)
    }

    @Test func deepNestingIsBounded() {
        let depth = 100_000
        let yaml = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        let result = load(yaml)
        #expect(result.codes == ["yaml-too-deep"])
    }

    @Test func binaryGarbageIsRecognised() {
        var generator = SystemRandomNumberGenerator()
        var bytes = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }
        bytes[10] = 0
        let result = loadBytes(bytes)
        #expect(result.spec == nil)
        #expect(result.codes.count == 1)
        #expect(["binary-file", "not-utf8"].contains(result.codes.first ?? ""))
    }

    @Test func invalidUTF8IsLocated() {
        let bytes = Array("project: x\nnetworks:\n  caf".utf8) + [0xE9] + Array(": {}\n".utf8)
        let result = loadBytes(bytes)
        #expect(result.codes == ["not-utf8"])
        #expect(result.errors.first?.location == SourceLocation(file: "bad.yaml", line: 3, column: 6))
        #expect(result.errors.first?.message.contains("0xE9") == true)
    }

    @Test func emptyFilesAreErrors() {
        #expect(loadBytes([]).codes.contains("empty-file"))
        #expect(load("# only a comment\n").codes.contains("empty-file"))
    }

    @Test func tabIndentationIsExplained() {
        let result = load("project: x\nnetworks:\n\tmain: {}\n")
        #expect(result.codes == ["yaml-tab"])
        #expect(result.errors.first?.location?.line == 3)
        #expect(result.errors.first?.hint?.contains("spaces") == true)
    }

    @Test func duplicateKeysNameTheFirstOne() {
        let result = load("""
        project: x
        networks:
          main: { regions: [us-east-1], cidr: 10.0.0.0/16 }
          main: { regions: [us-east-1], cidr: 10.1.0.0/16 }
        """)
        #expect(result.codes.contains("duplicate-key"))
        let d = result.errors.first { $0.code == "duplicate-key" }
        #expect(d?.location?.line == 4)
        #expect(d?.message.contains("line 3") == true)
    }

    /// Small mappings find duplicates by scanning their keys, large ones through an index:
    /// repeats before, at and after the switch are all reported at the first place.
    @Test(arguments: [2, 15, 16, 17, 40])
    func duplicateKeysInALargeMappingNameTheFirstOne(_ keys: Int) {
        let labels = (0..<keys).map { "    k\($0): v" } + ["    k0: again", "    k\(keys - 1): again"]
        let result = YAMLDocuments.parse("labels:\n" + labels.joined(separator: "\n") + "\n", file: "f.yaml")
        let duplicates = result.diagnostics.filter { $0.code == "duplicate-key" }
        #expect(duplicates.map { $0.location?.line } == [keys + 2, keys + 3])
        #expect(duplicates.map(\.message) == ["duplicate key 'k0' (first defined at line 2)",
                                              "duplicate key 'k\(keys - 1)' (first defined at line \(keys + 1))"])
        #expect(result.documents.first??["labels"]?.mapping?.map(\.key) == (0..<keys).map { "k\($0)" })
    }

    /// Merge keys may repeat at any size; the mapping's own keys win over merged ones, and
    /// the first merge wins over later ones.
    @Test(arguments: [1, 15, 16, 40])
    func repeatedMergeKeysAreNotDuplicates(_ keys: Int) {
        let own = (0..<keys).map { "  k\($0): own" }
        let yaml = (["a: &a { k0: a, x: a }", "b: &b { x: b, y: b }", "m:"] + own + ["  <<: *a", "  <<: *b"])
            .joined(separator: "\n") + "\n"
        let result = YAMLDocuments.parse(yaml, file: "f.yaml")
        #expect(result.diagnostics.isEmpty)
        let merged = result.documents.first??["m"]
        #expect(merged?.mapping?.map(\.key) == (0..<keys).map { "k\($0)" } + ["x", "y"])
        #expect(merged?["k0"]?.scalar?.text == "own")
        #expect(merged?["x"]?.scalar?.text == "a")
    }

    @Test func duplicateItemsAcrossDocumentsNameTheFirstPlace() {
        let result = load("""
        project: x
        resources:
          a: { type: sim_data }
        ---
        resources:
          b: { type: sim_data }
          a: { type: sim_data }
        ---
        resources:
          c: { type: sim_data }
          b: { type: sim_data }
          c2: { type: sim_data }
        """)
        let duplicates = result.errors.filter { $0.code == "duplicate-item" }
        #expect(duplicates.map { $0.location?.line } == [7, 11])
        #expect(duplicates.map(\.message) == ["resources.a is defined twice; first at spec.yaml:3:3",
                                              "resources.b is defined twice; first at spec.yaml:6:3"])
    }

    @Test func emptySectionsAloneMakeAnEmptySpec() {
        #expect(load("networks: {}\nresources: {}\n").codes == ["empty-spec"])
    }

    @Test func duplicateItemsAcrossFilesNameBothFiles() {
        let a = Array("project: x\nnetworks:\n  main: { regions: [us-east-1], cidr: 10.0.0.0/16 }\n".utf8)
        let b = Array("networks:\n  main: { regions: [us-east-1], cidr: 10.1.0.0/16 }\n".utf8)
        let result = SpecLoader(environment: [:]).load(files: [("a.yaml", a), ("b.yaml", b)])
        let d = result.errors.first { $0.code == "duplicate-item" }
        #expect(d?.location?.file == "b.yaml")
        #expect(d?.message.contains("a.yaml:3:3") == true)
    }

    @Test func oversizedFilesAreRefusedBeforeParsing() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("gantry-big-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(FileManager.default.createFile(atPath: url.path, contents: nil))
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: 100 << 20)   // sparse: 100 MB without writing them
        try handle.close()
        let result = SpecLoader(environment: [:]).load(path: url.path)
        #expect(result.codes == ["file-too-large"])
        #expect(result.errors.first?.message.contains("64 MiB") == true)
    }

    @Test func syntaxErrorsAreLocated() {
        let result = load("project: x\nnetworks:\n  main: { regions: [us-east-1\n")
        #expect(result.codes.first == "yaml-syntax")
        #expect(result.errors.first?.location?.file == "spec.yaml")
    }

    @Test func foreignTagsAreRejected() {
        let result = load("project: x\nresources:\n  r: { type: sim_data, properties: { vpc: !Ref MyVpc } }\n")
        #expect(result.codes == ["yaml-tag"])
        #expect(result.errors.first?.message == "YAML tag '!Ref' is not supported")
    }

    @Test func nonMappingDocumentIsRejected() {
        #expect(load("- a\n- b\n").codes == ["type-mismatch"])
    }
}
