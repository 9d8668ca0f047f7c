import GantryBasics
import GantryEngine

/// `gantry destroy DIR`: delete everything the state records.
struct DestroyCommand: GantryCommand {
    static let autoApprove = Flag("auto-approve", help: "Destroy without asking for confirmation.")

    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "destroy",
            abstract: "Delete every resource the state records, dependents first.",
            discussion: """
                Plans deleting what Gantry manages for this spec (or, with --target, those
                resources and what depends on them), shows the plan and asks for 'yes' unless
                --auto-approve. Resources are deleted in reverse dependency order.

                EXAMPLES:
                  gantry destroy Examples/quickstart
                  gantry destroy infra/ --auto-approve
                  gantry destroy infra/ --target node_pools.h100-train
                """,
            arguments: SpecArguments.definitions + [autoApprove.definition] + PlanArguments.definitions)
    }

    var path: String
    var variables: [String]
    var variableFiles: [String]
    var autoApprove: Bool
    var noColor: Bool
    var options: PlanOptions
    var lockTimeout: Double
    var stateURL: String?
    var traceFile: String?
    var parallelism: Int

    init(arguments: ParsedArguments) throws {
        path = try arguments.required(SpecArguments.directory)
        variables = try arguments.values(SpecArguments.variables)
        variableFiles = try arguments.values(SpecArguments.variableFiles)
        autoApprove = try arguments.flag(Self.autoApprove)
        noColor = try arguments.flag(PlanArguments.noColor)
        options = try PlanArguments.options(arguments)
        lockTimeout = try arguments.value(StateLock.timeoutOption) ?? 0
        stateURL = try arguments.value(StateBackendSelection.urlOption)
        traceFile = try arguments.value(Tracing.fileOption)
        parallelism = try arguments.value(ApplyRunner.parallelismOption) ?? 32
    }

    func validate() throws {
        if parallelism < 1 { throw UsageError("--parallelism must be at least 1, got \(parallelism).") }
    }

    func run(in context: CommandContext) async throws -> ExitCode {
        let tracing = Tracing(file: traceFile, context: context)
        return try await tracing.around(in: context) { try await run(tracing: tracing, in: context) }
    }

    private func run(tracing: Tracing, in context: CommandContext) async throws -> ExitCode {
        let session = try SpecSession.load(path, variables: variables, variableFiles: variableFiles, stateURL: stateURL, in: context)
        // Fail before planning when nobody could answer the question anyway.
        if !autoApprove { try Confirmation.requireAnswerable(in: context) }
        let store = session.stateStore()
        return try await StateLock.withLock(store, operation: "destroy", timeout: lockTimeout) {
            let progress = ProgressObserver(context: context, verb: "Destroying")
            let engine = Engine(providers: try await session.providers(), store: store, observer: progress,
                                spans: tracing.recorder)
            let plan = try await engine.planDestroy(options: options)
            context.output.write(PlanTextRenderer(color: context.colorEnabled && !noColor).render(plan))
            guard plan.hasChanges else { return .success }
            if !autoApprove {
                context.output.line()
                guard try Confirmation.ask("Do you really want to destroy all these resources?", in: context) else {
                    context.output.line("Destroy cancelled; nothing was changed.")
                    return .failure
                }
            }
            context.output.line()
            return try await ApplyRunner(engine: engine, progress: progress, context: context, parallelism: parallelism).run(plan)
        }
    }
}
