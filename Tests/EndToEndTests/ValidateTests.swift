import XCTest

/// `gantry validate` on the shipped examples and on specs with the mistakes people make.
final class ValidateTests: XCTestCase {
    var gantry: GantryBinary!
    var scratch: Scratch!

    override func setUpWithError() throws {
        gantry = try GantryBinary.locate()
        scratch = try Scratch()
    }

    /// Example folders: every directory of Examples/ except `invalid`.
    private func exampleFolders(under folder: String) throws -> [String] {
        let root = Repository.root.appendingPathComponent(folder)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: root.path) else { return [] }
        return names.sorted().filter { name in
            var isDirectory: ObjCBool = false
            let path = root.appendingPathComponent(name).path
            return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
                && isDirectory.boolValue && !name.hasPrefix(".")
        }.map { "\(folder)/\($0)" }
    }

    func testEveryExampleValidates() throws {
        let examples = try exampleFolders(under: "Examples").filter { !$0.hasSuffix("/invalid") }
        XCTAssertTrue(examples.contains("Examples/quickstart"), "the quick start example is missing")
        for example in examples {
            let result = try gantry.run(["validate", Repository.root.appendingPathComponent(example).path],
                                        in: scratch.url)
            XCTAssertEqual(result.exitCode, 0, "\(example)\n\(result.transcript)")
            XCTAssertTrue(result.output.contains("The spec is valid"), "\(example)\n\(result.transcript)")
        }
    }

    /// Whether every provider an example declares is the built-in simulator (others, such
    /// as aws against moto, need a server and have their own tests).
    private func usesOnlyTheSimulator(_ example: String) throws -> Bool {
        let folder = Repository.root.appendingPathComponent(example)
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path)
        where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            // A provider block is a two-space-indented key under `providers:`.
            var inProviders = false
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                if !line.hasPrefix(" ") && !line.hasPrefix("#") && !line.isEmpty {
                    inProviders = line.hasPrefix("providers:")
                } else if inProviders, line.hasPrefix("  "), !line.hasPrefix("   "),
                          let key = line.dropFirst(2).split(separator: ":").first, !key.hasPrefix("#"),
                          key != "sim" {
                    return false
                }
            }
        }
        return true
    }

    /// A valid example must also lower and plan on the simulator (references to attributes
    /// the provider really exports, and so on), not only validate.
    func testEveryExamplePlansOnTheSimulator() throws {
        for example in try exampleFolders(under: "Examples") where !example.hasSuffix("/invalid") {
            guard try usesOnlyTheSimulator(example) else { continue }
            let copy = try scratch.copy(repositoryFolder: example, as: example.replacingOccurrences(of: "/", with: "-"))
            let result = try gantry.run(["plan", copy.path, "--detailed-exitcode"], in: scratch.url)
            XCTAssertEqual(result.exitCode, 2, "\(example) should plan with changes\n\(result.transcript)")
        }
    }

    func testEveryInvalidExampleFailsWithALocation() throws {
        for example in try exampleFolders(under: "Examples/invalid") {
            let result = try gantry.run(["validate", Repository.root.appendingPathComponent(example).path],
                                        in: scratch.url)
            XCTAssertEqual(result.exitCode, 1, "\(example)\n\(result.transcript)")
            XCTAssertNotNil(result.errors.range(of: #"\.ya?ml:\d+:\d+: error: "#, options: .regularExpression),
                            "\(example): no file:line:col\n\(result.transcript)")
        }
    }

    func testMisspelledSectionIsReportedAtItsLineWithASuggestion() throws {
        try scratch.write("spec/gantry.yaml", """
            gantry: 1
            project: typo
            node_pool:
              a: { network: main }
            """)
        let result = try gantry.run(["validate", "spec"], in: scratch.url)
        XCTAssertEqual(result.exitCode, 1, result.transcript)
        XCTAssertTrue(result.errors.contains("spec/gantry.yaml:3:1: error:"), result.transcript)
        XCTAssertTrue(result.errors.contains("node_pools"), "no did-you-mean\n\(result.transcript)")
    }

    func testJSONAndGitHubFormatsGoToStdout() throws {
        try scratch.write("spec/gantry.yaml", "gantry: 1\nproject: p\nnode_pool: {}\n")
        let json = try gantry.run(["validate", "spec", "--format", "json"], in: scratch.url)
        XCTAssertEqual(json.exitCode, 1, json.transcript)
        let document = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any]
        XCTAssertEqual(document?["errors"] as? Int, 1, json.transcript)

        let github = try gantry.run(["validate", "spec", "--format=github"], in: scratch.url)
        XCTAssertEqual(github.exitCode, 1, github.transcript)
        XCTAssertTrue(github.output.hasPrefix("::error file=spec/gantry.yaml,line=3,col=1"), github.transcript)
    }

    func testVariablesFromTheCommandLine() throws {
        let quickstart = try scratch.copy(repositoryFolder: "Examples/quickstart", as: "qs")
        let good = try gantry.run(["validate", quickstart.path, "--var", "env=prod"], in: scratch.url)
        XCTAssertEqual(good.exitCode, 0, good.transcript)
        let bad = try gantry.run(["validate", quickstart.path, "--var", "env=staging"], in: scratch.url)
        XCTAssertEqual(bad.exitCode, 1, bad.transcript)
        let malformed = try gantry.run(["validate", quickstart.path, "--var", "env"], in: scratch.url)
        XCTAssertEqual(malformed.exitCode, 1, malformed.transcript)
        XCTAssertTrue(malformed.errors.contains("expected name=value"), malformed.transcript)
    }
}
