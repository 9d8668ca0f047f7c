import Foundation
import GantryBasics
import GantryEngine
import GantryPolicy
import GantrySpec

/// `gantry cost DIR`: what the spec's node pools and storage cost, and what the pending
/// change adds, from the GPU catalog's prices.
struct CostCommand: GantryCommand {
    enum Format: String, CaseIterable, ArgumentValue {
        case text, json, markdown

        var report: ReportFormat {
            switch self {
            case .text: .text
            case .json: .json
            case .markdown: .markdown
            }
        }
    }

    static let format = Option<Format>("format", valueName: "format", default: "text",
                                       help: "text for people, json for tools, markdown for a pull-request comment.")
    static let refresh = Flag("refresh", default: false,
                              help: "Read the recorded resources from the cloud before comparing (off: use the state as recorded).")

    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "cost",
            abstract: "Estimate the hourly and monthly cost of a spec and of its pending change.",
            discussion: """
                Plans the spec against the recorded state (without calling the cloud unless
                --refresh) and prices both sides from the embedded GPU catalog: node pools at
                their desired size (with the min–max range), on-demand or spot as the pool buys,
                storage per GiB-month of its tier. A month is 730 hours. The catalog's date is
                printed with the figures; prices the catalog lacks are listed, never guessed.

                EXAMPLES:
                  gantry cost Examples/quickstart
                  gantry cost infra/ --var env=prod --format json | jq .delta
                  gantry cost infra/ --format markdown > cost.md     # a pull-request comment
                """,
            arguments: SpecArguments.definitions + [format.definition, refresh.definition, StateLock.timeoutOption.definition,
                                                     StateBackendSelection.urlOption.definition])
    }

    var path: String
    var variables: [String]
    var variableFiles: [String]
    var format: Format
    var refresh: Bool
    var lockTimeout: Double
    var stateURL: String?

    init(arguments: ParsedArguments) throws {
        path = try arguments.required(SpecArguments.directory)
        variables = try arguments.values(SpecArguments.variables)
        variableFiles = try arguments.values(SpecArguments.variableFiles)
        format = try arguments.value(Self.format) ?? .text
        refresh = try arguments.flag(Self.refresh)
        lockTimeout = try arguments.value(StateLock.timeoutOption) ?? 0
        stateURL = try arguments.value(StateBackendSelection.urlOption)
    }

    func validate() throws { _ = try SpecArguments.parseVariables(variables) }

    func run(in context: CommandContext) async throws -> ExitCode {
        let loaded = try Self.loadSpec(path, variables: variables, variableFiles: variableFiles, in: context)
        guard let spec = loaded.spec, !loaded.diagnostics.hasErrors else {
            throw ReportedFailure(summary: "the spec at \(path) has errors")
        }
        let plan = try await Self.plan(spec, path: path, refresh: refresh, lockTimeout: lockTimeout, stateURL: stateURL,
                                        in: context)
        let cost = PolicyGate(spec: spec, sources: loaded.sources).cost(plan: plan)
        context.output.write(CostReportRenderer(project: spec.project).render(cost, format: format.report))
        return .success
    }

    /// Loads the spec, printing warnings and errors (with source lines) on stderr.
    static func loadSpec(_ path: String, variables: [String], variableFiles: [String], in context: CommandContext,
                         printDiagnostics: Bool = true) throws -> SpecLoadResult {
        let loader = SpecLoader(variables: try SpecArguments.parseVariables(variables),
                                variableFiles: variableFiles.map(context.displayPath), environment: context.environment)
        let result = loader.load(path: context.displayPath(path))
        if printDiagnostics, !result.diagnostics.isEmpty {
            context.errorOutput.write(DiagnosticRenderer(format: .text, sources: result.sources).render(result.diagnostics))
        }
        return result
    }

    /// Plans `spec` against its recorded state (from the backend the spec or `stateURL`
    /// names), holding the state lock.
    static func plan(_ spec: Spec, path: String, refresh: Bool, lockTimeout: Double, stateURL: String?,
                     in context: CommandContext) async throws -> Plan {
        let session = try SpecSession(spec: spec, path: path, stateURL: stateURL, in: context)
        let store = session.stateStore()
        let plan = try await StateLock.withLock(store, operation: "plan", timeout: lockTimeout) {
            let engine = Engine(providers: try await session.providers(), store: store)
            return try await engine.plan(spec.intents(), options: PlanOptions(refresh: refresh))
        }
        if !plan.diagnostics.isEmpty {
            context.errorOutput.write(DiagnosticRenderer(format: .text).render(plan.diagnostics))
        }
        if plan.diagnostics.hasErrors { throw ReportedFailure(summary: "planning \(path) failed") }
        return plan
    }
}

extension ReportFormat: ArgumentValue {}
