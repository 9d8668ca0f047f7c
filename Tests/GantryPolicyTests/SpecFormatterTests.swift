import Foundation
import GantryBasics
import GantryPolicy
import GantrySpec
import Testing

@Suite("gantry fmt")
struct SpecFormatterTests {
    static let messy = """
        # header comment
        storage:
            # the archive
            archive:
                tier: cold   # cheap
                region: eu-central-1
                filesystem: object
                lifecycle:
                  - { after: 30d, to: cold }
                compliance: [gdpr]
        project: messy
        gantry: 1
        node_pools:
          train:
             nodes: { min: 0, max: 2, desired: 1 }
             # which GPU
             gpu:
                 model: L4
                 count: 1
             network: main   
        networks:
          main: { regions: [eu-central-1], cidr: 10.0.0.0/16 }

        """

    static let canonical = """
        gantry: 1
        project: messy

        networks:
          main: { regions: [eu-central-1], cidr: 10.0.0.0/16 }

        node_pools:
          train:
            network: main
            # which GPU
            gpu:
              model: L4
              count: 1
            nodes: { min: 0, max: 2, desired: 1 }

        # header comment
        storage:
          # the archive
          archive:
            region: eu-central-1
            tier: cold   # cheap
            filesystem: object
            lifecycle:
              - { after: 30d, to: cold }
            compliance: [gdpr]

        """

    func format(_ text: String, file: String = "spec.yaml") throws -> String {
        try SpecFormatter().format(text, file: file).get()
    }

    @Test("sections and item keys are reordered, indentation normalised, comments kept with their lines")
    func canonicalForm() throws {
        #expect(try format(Self.messy) == Self.canonical)
    }

    @Test("formatting is idempotent")
    func idempotent() throws {
        #expect(try format(Self.canonical) == Self.canonical)
    }

    @Test("no content is lost: the formatted spec has the same intents and policies", arguments: [
        "Examples/quickstart", "Examples/multi-region", "Examples/mig-inference", "Examples/policy",
    ])
    func sameIntents(folder: String) throws {
        let directory = Fixtures.repository.appendingPathComponent(folder)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".yaml") }.sorted()
        var original: [(path: String, bytes: [UInt8])] = [], formatted: [(path: String, bytes: [UInt8])] = []
        for name in names {
            let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            original.append((name, Array(text.utf8)))
            let output = try format(text, file: name)
            formatted.append((name, Array(output.utf8)))
            // Every comment survives.
            for line in text.split(separator: "\n") where line.trimmingCharacters(in: .whitespaces).hasPrefix("#") {
                #expect(output.contains(line.trimmingCharacters(in: .whitespaces)), "lost comment \(line) in \(name)")
            }
        }
        let loader = SpecLoader(environment: [:])
        let before = try #require(loader.load(files: original).spec)
        let after = try #require(loader.load(files: formatted).spec)
        func unlocated(_ items: [IntentItem]) -> [IntentItem] { items.map { var i = $0; i.location = nil; return i } }
        #expect(unlocated(before.intents()) == unlocated(after.intents()))
        #expect(before.policies == after.policies)
    }

    @Test("the messy sample loads to the same intents before and after")
    func messySample() throws {
        let loader = SpecLoader(environment: [:])
        let before = try #require(loader.load(files: [("s.yaml", Array(Self.messy.utf8))]).spec)
        let after = try #require(loader.load(files: [("s.yaml", Array(try format(Self.messy).utf8))]).spec)
        #expect(before.intents().map(\.attributes) == after.intents().map(\.attributes))
    }

    @Test("YAML errors stop formatting with their location")
    func yamlError() {
        let result = SpecFormatter().format("a: [1, 2\nb: 3\n", file: "bad.yaml")
        guard case .failure(let problems) = result else {
            Issue.record("a broken file was formatted")
            return
        }
        #expect(problems.description.contains("bad.yaml:"))
    }

    @Test("--check's diff shows the moved lines")
    func diff() throws {
        let diff = LineDiff.unified(Self.messy, try format(Self.messy), path: "spec.yaml")
        #expect(diff.hasPrefix("--- spec.yaml\n+++ spec.yaml (formatted)\n@@ -1,"))
        #expect(diff.contains("\n-    # the archive\n") && diff.contains("\n+  # the archive\n"))
        #expect(LineDiff.unified(Self.canonical, Self.canonical, path: "x").isEmpty)
    }
}
