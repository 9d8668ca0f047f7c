import Foundation
import GantryBasics
import GantryEngine
import GantryPolicy
import GantrySpec

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
                + SessionArguments.definitions)
    }

    var path: String
    var session: SessionArguments
    var out: String?
    var json: Bool
    var detailedExitcode: Bool
    var destroy: Bool

    init(arguments: ParsedArguments) throws {
        path = try arguments.required(SpecArguments.directory)
        session = try SessionArguments(arguments)
        out = try arguments.value(Self.out)
        json = try arguments.flag(Self.json)
        detailedExitcode = try arguments.flag(Self.detailedExitcode)
        destroy = try arguments.flag(Self.destroy)
    }

    func run(in context: CommandContext) async throws -> ExitCode {
        let arguments = self.session, options = arguments.options
        let session = try await SpecSession.load(path, variables: arguments.variables,
                                                 variableFiles: arguments.variableFiles, stateURL: arguments.stateURL,
                                                 startingProviders: true, in: context)
        let store = session.stateStore()
        let tracing = Tracing(file: arguments.traceFile, context: context)
        let (plan, providers) = try await tracing.around(in: context) {
            try await StateLock.withLock(store, operation: "plan", timeout: arguments.lockTimeout) {
                let providers = try await session.providers()
                let engine = Engine(providers: providers, store: store, spans: tracing.recorder,
                                    disposal: context.disposal)
                let plan = destroy ? try await engine.planDestroy(options: options)
                    : try await engine.plan(session.spec.intents(), options: options)
                return (plan, providers)
            }
        }
        // The providers are done with: their plugins wind down while the plan is shown.
        let stopping = Task { await ProviderRegistry.shutdown(providers) }
        let code: ExitCode
        do {
            code = try show(plan, spec: session.spec, in: context)
        } catch {
            await stopping.value
            throw error
        }
        await stopping.value
        context.disposal.dispose((plan, session, providers))
        return code
    }

    /// Prints the plan (and saves it with `--out`); returns the exit code it calls for.
    private func show(_ plan: Plan, spec: Spec, in context: CommandContext) throws -> ExitCode {
        if !plan.diagnostics.isEmpty {
            context.errorOutput.write(DiagnosticRenderer(format: .text).render(plan.diagnostics))
        }
        try ProtectionCheck.refuse(plan, spec: spec)
        if json {
            context.output.line(try JSON.encode(PlanJSONRenderer().render(plan), pretty: true))
        } else {
            context.output.write(PlanTextRenderer(color: context.colorEnabled && !session.noColor).render(plan))
            context.output.write(CostReportRenderer(project: spec.project)
                .planSection(CostEstimator().compare(plan, intents: spec.intents())))
        }
        if let out {
            let file = SavedPlan(plan: plan, specPath: context.resolve(path), variables: session.variables,
                                 variableFiles: session.variableFiles.map(context.resolve))
            try file.write(to: context.resolve(out))
            if !json { context.output.line("\nSaved the plan to \(out); apply it with: gantry apply \(out)") }
        }
        if plan.diagnostics.hasErrors { return .failure }
        return detailedExitcode && plan.hasChanges ? .changesPresent : .success
    }
}
