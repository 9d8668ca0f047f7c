import Foundation
import GantryBasics
import GantryPolicy

/// `gantry fmt [--check] DIR`: rewrite spec files in canonical form, or check that they are.
struct FmtCommand: GantryCommand {
    static let check = Flag("check", help: "Change nothing; print a diff and exit 1 when a file is not formatted.")

    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "fmt",
            abstract: "Format spec files canonically (section and key order, indentation), keeping comments.",
            discussion: """
                Sections are ordered gantry, project, variables, providers, regions, networks,
                node_pools, storage, policies, resources; the keys of each item follow the spec
                reference's order; block mappings are indented by two spaces; comments stay with
                the line below them. Item order and values are never changed.

                EXAMPLES:
                  gantry fmt infra/
                  gantry fmt --check infra/       # in CI: exit 1 with a diff when unformatted
                """,
            arguments: [SpecArguments.directory.definition, check.definition])
    }

    var path: String
    var check: Bool

    init(arguments: ParsedArguments) throws {
        path = try arguments.required(SpecArguments.directory)
        check = try arguments.flag(Self.check)
    }

    func run(in context: CommandContext) async throws -> ExitCode {
        let files = try specFiles(context.resolve(path))
        var unformatted: [String] = []
        var failed = false
        for (file, shown) in files {
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                context.errorOutput.line("error: cannot read \(shown) as UTF-8 text")
                failed = true
                continue
            }
            switch SpecFormatter().format(text, file: shown) {
            case .failure(let problems):
                context.errorOutput.write(DiagnosticRenderer(format: .text, sources: [shown: text]).render(problems.diagnostics))
                failed = true
            case .success(let formatted) where formatted != text:
                unformatted.append(shown)
                if check {
                    context.output.write(LineDiff.unified(text, formatted, path: shown))
                } else {
                    do {
                        try formatted.write(toFile: file, atomically: true, encoding: .utf8)
                    } catch {
                        throw CommandError("cannot write \(shown)", hint: "check that the file is writable")
                    }
                    context.output.line("formatted \(shown)")
                }
            case .success:
                continue
            }
        }
        if check && !unformatted.isEmpty {
            context.errorOutput.line("\(unformatted.count) file\(unformatted.count == 1 ? " is" : "s are") not formatted; run: gantry fmt \(path)")
            return .failure
        }
        return failed ? .failure : .success
    }

    /// The `*.yaml` / `*.yml` files the spec loader would read — directly in a directory, or
    /// the one file — as absolute paths and as the user names them.
    private func specFiles(_ absolute: String) throws -> [(path: String, shown: String)] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory) else {
            throw CommandError("'\(path)' does not exist", hint: "pass a spec directory or a .yaml file")
        }
        guard isDirectory.boolValue else { return [(absolute, path)] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: absolute)) ?? []
        let prefix = path.hasSuffix("/") ? path : path + "/"
        return names.filter { !$0.hasPrefix(".") && ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) }.sorted()
            .map { (absolute + "/" + $0, prefix + $0) }
    }
}
