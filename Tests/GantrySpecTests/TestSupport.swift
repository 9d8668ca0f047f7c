import Foundation
import GantryBasics
@testable import GantrySpec

/// The repository root, found from this file's path so tests run from any directory.
let repositoryRoot: URL = {
    var url = URL(fileURLWithPath: #filePath)
    while url.path != "/" {
        url.deleteLastPathComponent()
        if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
    }
    return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
}()

/// Loads one in-memory spec file named `spec.yaml`.
func load(_ yaml: String, variables: [String: String] = [:], environment: [String: String] = [:]) -> SpecLoadResult {
    SpecLoader(variables: variables, environment: environment).load(files: [("spec.yaml", Array(yaml.utf8))])
}

/// The rendered text of a result's diagnostics, without the summary line.
func rendered(_ result: SpecLoadResult) -> String {
    DiagnosticRenderer(format: .text, sources: result.sources, readFilesFromDisk: false, includeSummary: false)
        .render(result.diagnostics)
}

extension SpecLoadResult {
    var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    var codes: [String] { diagnostics.map(\.code) }
    func intent(_ address: String) -> IntentItem? { spec?.intents().first { $0.address.rawValue == address } }
}
