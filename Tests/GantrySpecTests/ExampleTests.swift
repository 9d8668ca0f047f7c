import Foundation
import Testing
import GantryBasics
@testable import GantrySpec

/// Every example in Examples/ is checked: valid ones load without errors, and each folder
/// of Examples/invalid/ produces exactly the diagnostics in its `expected.txt`.
///
/// Run with `GANTRY_UPDATE_EXPECTED=1` to rewrite the expected files after an intended
/// change of wording, then review the diff.
@Suite struct ExampleTests {
    static let examples = repositoryRoot.appendingPathComponent("Examples")
    static let validExamples = ["quickstart", "multi-region", "mig-inference"]
    static let invalidExamples: [String] = {
        let dir = examples.appendingPathComponent("invalid").path
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }()

    /// Loads a folder with paths relative to it, so rendered diagnostics do not depend on
    /// where the repository is checked out.
    static func loadFolder(_ url: URL) -> SpecLoadResult {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? [])
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        let files = names.map { name in
            (path: name, bytes: [UInt8]((try? Data(contentsOf: url.appendingPathComponent(name))) ?? Data()))
        }
        return SpecLoader(environment: [:]).load(files: files)
    }

    @Test(arguments: validExamples)
    func validExampleLoads(_ name: String) {
        let result = SpecLoader(environment: [:]).load(path: Self.examples.appendingPathComponent(name).path)
        #expect(result.spec != nil)
        #expect(result.diagnostics.isEmpty, "\(rendered(result))")
    }

    @Test func everyInvalidExampleHasExpectations() {
        #expect(Self.invalidExamples.count >= 10)
    }

    @Test(arguments: invalidExamples)
    func invalidExampleReportsExpectedDiagnostics(_ name: String) throws {
        let folder = Self.examples.appendingPathComponent("invalid").appendingPathComponent(name)
        let result = Self.loadFolder(folder)
        #expect(result.spec == nil)
        let text = DiagnosticRenderer(format: .text, sources: result.sources, readFilesFromDisk: false)
            .render(result.diagnostics)
        let expectedURL = folder.appendingPathComponent("expected.txt")
        if ProcessInfo.processInfo.environment["GANTRY_UPDATE_EXPECTED"] == "1" {
            try text.write(to: expectedURL, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: expectedURL, encoding: .utf8)
        #expect(text == expected)
    }
}
