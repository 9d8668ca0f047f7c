import Foundation
import GantryBasics
import GantryEngine
import GantryPolicy

/// `gantry plan DIR`: what apply would change, as text, JSON or a saved plan file.
struct PlanCommand: GantryCommand {
    static let out = Option<String>("out", valueName: "file", help: "Also save the plan, for `gantry apply FILE`.")
    static let json = Flag("json", help: "Print the plan as JSON in the shape of Terraform's JSON plan.")
    static let detailedExitcode = Flag(
        "detailed-exitcode", help: "Exit 0 when there are no changes, 2 when there are, 1 on error.")
    static let destroy = Flag("destroy", help: "Plan deleting everything the state records.")

    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "plan",
            abstract: "Show what apply would change, without changing anything.",
            discussion: """
                Loads the spec, lowers it through its providers, reads the recorded resources
                from the cloud (unless --refresh=false) and compares. Changes made outside
                Gantry are listed separately as drift.

                EXAMPLES:
                  gantry plan Examples/quickstart
                  gantry plan infra/ --detailed-exitcode        # in CI: 2 means changes
                  gantry plan infra/ --out plan.json && gantry apply plan.json
                  gantry plan infra/ --json | jq '.resource_changes[].change.actions'
                  gantry plan infra/ --target node_pools.h100-train --refresh=false
                """,
            arguments: SpecArguments.definitions
                + [out.definition, json.definition, detailedExitcode.definition, destroy.definition]
                + PlanArguments.definitions + [Tracing.fileOption.definition])
    }

    var path: String
    var variables: [String]
    var variableFiles: [String]
    var out: String?
    var json: Bool
    var detailedExitcode: Bool
    var destroy: Bool
    var noColor: Bool
    var options: PlanOptions
    var lockTimeout: Double
    var stateURL: String?
    var traceFile: String?

    init(arguments: ParsedArguments) throws {
        path = try arguments.required(SpecArguments.directory)
        variables = try arguments.values(SpecArguments.variables)
        variableFiles = try arguments.values(SpecArguments.variableFiles)
        out = try arguments.value(Self.out)
        json = try arguments.flag(Self.json)
        detailedExitcode = try arguments.flag(Self.detailedExitcode)
        destroy = try arguments.flag(Self.destroy)
        noColor = try arguments.flag(PlanArguments.noColor)
        options = try PlanArguments.options(arguments)
        lockTimeout = try arguments.value(StateLock.timeoutOption) ?? 0
        stateURL = try arguments.value(StateBackendSelection.urlOption)
        traceFile = try arguments.value(Tracing.fileOption)
    }

    func run(in context: CommandContext) async throws -> ExitCode {
        let session = try SpecSession.load(path, variables: variables, variableFiles: variableFiles, stateURL: stateURL, in: context)
        let store = session.stateStore()
        let tracing = Tracing(file: traceFile, context: context)
        let plan = try await tracing.around(in: context) {
            try await StateLock.withLock(store, operation: "plan", timeout: lockTimeout) {
                let engine = Engine(providers: try await session.providers(), store: store, spans: tracing.recorder)
                return destroy ? try await engine.planDestroy(options: options)
                    : try await engine.plan(session.spec.intents(), options: options)
            }
        }
        if !plan.diagnostics.isEmpty {
            context.errorOutput.write(DiagnosticRenderer(format: .text).render(plan.diagnostics))
        }
        try ProtectionCheck.refuse(plan, spec: session.spec)
        if json {
            context.output.line(try JSON.encode(PlanJSONRenderer().render(plan), pretty: true))
        } else {
            context.output.write(PlanTextRenderer(color: context.colorEnabled && !noColor).render(plan))
            context.output.write(CostReportRenderer(project: session.spec.project)
                .planSection(CostEstimator().compare(plan, intents: session.spec.intents())))
        }
        if let out {
            let file = SavedPlan(plan: plan, specPath: context.resolve(path), variables: variables,
                                 variableFiles: variableFiles.map(context.resolve))
            try file.write(to: context.resolve(out))
            if !json { context.output.line("\nSaved the plan to \(out); apply it with: gantry apply \(out)") }
        }
        if plan.diagnostics.hasErrors { return .failure }
        return detailedExitcode && plan.hasChanges ? .changesPresent : .success
    }
}
