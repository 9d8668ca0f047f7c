import GantryBasics
import GantryEngine
import GantryPolicy
import GantrySpec

/// `gantry policy DIR` / `gantry policy --plan plan.json`: the CI gate. Checks the spec's
/// policies (budget, quotas, residency, allowed, labels, custom rules) against the plan.
struct PolicyCommand: GantryCommand {
    static let directory = Positional<String>(
        "dir", optional: true,
        help: "The spec directory whose policies apply; with --plan, defaults to the spec the plan file names, else '.'.")
    static let planFile = Option<String>(
        "plan", valueName: "file",
        help: "Check a saved plan (`gantry plan --json` output or a `gantry plan --out` file) instead of planning.")
    static let format = Option<ReportFormat>(
        "format", valueName: "format", default: "text",
        help: "text, json, github (annotations), junit (XML), sarif (2.1.0) or markdown (a pull-request comment).")
    static let output = Option<String>("output", short: "o", valueName: "file",
                                       help: "Write the report to a file instead of stdout (the verdict still sets the exit code).")

    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "policy",
            abstract: "Check the spec's policies against a plan: budget, quotas, residency, allowed, custom rules.",
            discussion: """
                Plans DIR against its recorded state (no cloud calls) — or reads a saved plan with
                --plan — prices it from the GPU catalog, and checks every rule of the spec's
                `policies:` section. Each finding names the rule, the resource and the file:line:col
                it comes from. Exits 1 when an error-level rule is broken; warnings are reported
                and pass. A spec that does not load is reported in the same format and fails.

                EXAMPLES:
                  gantry policy infra/
                  gantry policy infra/ --format sarif --output gantry.sarif
                  gantry plan infra/ --json > plan.json && gantry policy infra/ --plan plan.json --format junit
                  gantry policy infra/ --format markdown > comment.md
                """,
            arguments: [directory.definition, SpecArguments.variables.definition, SpecArguments.variableFiles.definition,
                        planFile.definition, format.definition, output.definition, StateLock.timeoutOption.definition,
                        StateBackendSelection.urlOption.definition])
    }

    var path: String?
    var variables: [String]
    var variableFiles: [String]
    var planFile: String?
    var format: ReportFormat
    var output: String?
    var lockTimeout: Double
    var stateURL: String?

    init(arguments: ParsedArguments) throws {
        path = try arguments.value(Self.directory)
        variables = try arguments.values(SpecArguments.variables)
        variableFiles = try arguments.values(SpecArguments.variableFiles)
        planFile = try arguments.value(Self.planFile)
        format = try arguments.value(Self.format) ?? .text
        output = try arguments.value(Self.output)
        lockTimeout = try arguments.value(StateLock.timeoutOption) ?? 0
        stateURL = try arguments.value(StateBackendSelection.urlOption)
    }

    func validate() throws { _ = try SpecArguments.parseVariables(variables) }

    func run(in context: CommandContext) async throws -> ExitCode {
        var plan: Plan?
        var specPath = path ?? "."
        var variables = self.variables, variableFiles = self.variableFiles
        if let planFile {
            do {
                plan = try PlanDocument.read(path: context.resolve(planFile))
            } catch {
                throw CommandError(error.description, hint: error.hint)
            }
            // A plan file records its spec and variables: judge the spec the plan was made from.
            if path == nil, let saved = try? SavedPlan.read(from: context.resolve(planFile)) {
                specPath = saved.specPath
                variables = saved.variables + variables
                variableFiles = saved.variableFiles + variableFiles
            }
        }
        // Diagnostics go to stderr for people; in machine formats the report carries them.
        let loaded = try CostCommand.loadSpec(specPath, variables: variables, variableFiles: variableFiles, in: context,
                                              printDiagnostics: format == .text)
        let report: PolicyReport
        if let spec = loaded.spec, !loaded.diagnostics.hasErrors {
            if plan == nil {
                plan = try await CostCommand.plan(spec, path: specPath, refresh: false, lockTimeout: lockTimeout,
                                                   stateURL: stateURL, in: context)
            }
            report = PolicyGate(spec: spec, sources: loaded.sources).check(plan: plan)
        } else {
            report = PolicyReport.specProblems(loaded.diagnostics, project: specPath)
        }
        let text = PolicyReportRenderer(sources: loaded.sources, toolVersion: Gantry.version).render(report, format: format)
        if let output {
            do {
                try text.write(toFile: context.resolve(output), atomically: true, encoding: .utf8)
            } catch {
                throw CommandError("cannot write the report to \(output)", hint: "check that its folder exists and is writable")
            }
            if format != .text { context.errorOutput.line(PolicyReportRenderer().summaryLine(report)) }
        } else {
            context.output.write(text)
        }
        return report.passed ? .success : .failure
    }
}
