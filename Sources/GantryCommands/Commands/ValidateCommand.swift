import GantryBasics
import GantrySpec

/// `gantry validate DIR`: load and check a spec, reporting every problem at once.
struct ValidateCommand: GantryCommand {
    static let format = Option<DiagnosticRenderer.Format>(
        "format", valueName: "format", default: "text",
        help: "How to print problems: text for people, json for tools, github for workflow annotations.")

    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "validate",
            abstract: "Check a spec and report every problem with its file:line:column.",
            discussion: """
                Loads every *.yaml / *.yml file of DIR (or one file), evaluates variables and
                expressions, and checks the spec against the GPU catalog: unknown keys, types and
                units, references, MIG profiles, interconnects, placement, CIDR overlaps,
                residency. No cloud API is called. Exits 1 when there is any error.

                EXAMPLES:
                  gantry validate Examples/quickstart
                  gantry validate infra/ --var env=prod --var-file prod.yaml
                  gantry validate infra/ --format github     # annotations in a GitHub Actions job
                """,
            arguments: SpecArguments.definitions + [format.definition])
    }

    var path: String
    var variables: [String]
    var variableFiles: [String]
    var format: DiagnosticRenderer.Format

    init(arguments: ParsedArguments) throws {
        path = try arguments.required(SpecArguments.directory)
        variables = try arguments.values(SpecArguments.variables)
        variableFiles = try arguments.values(SpecArguments.variableFiles)
        format = try arguments.value(Self.format) ?? .text
    }

    func validate() throws {
        _ = try SpecArguments.parseVariables(variables)
    }

    func run(in context: CommandContext) async throws -> ExitCode {
        let loader = SpecLoader(variables: try SpecArguments.parseVariables(variables),
                                variableFiles: variableFiles.map(context.displayPath),
                                environment: context.environment)
        let result = loader.load(path: context.displayPath(path))
        let failed = result.spec == nil || result.diagnostics.hasErrors
        let renderer = DiagnosticRenderer(format: format, sources: result.sources)
        switch format {
        case .text:
            if !result.diagnostics.isEmpty { context.errorOutput.write(renderer.render(result.diagnostics)) }
            if !failed, let spec = result.spec {
                let count = spec.intents().count
                context.output.line("The spec is valid: project \(spec.project), \(count) item\(count == 1 ? "" : "s").")
            }
        case .json, .github:
            // Tools read these from stdout, even when there is nothing to report.
            context.output.write(renderer.render(result.diagnostics))
        }
        return failed ? .failure : .success
    }
}

extension DiagnosticRenderer.Format: ArgumentValue {}
