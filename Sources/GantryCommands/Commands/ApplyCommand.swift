import Foundation
import GantryBasics
import GantryEngine

/// `gantry apply DIR|PLANFILE`: make the cloud match the spec.
struct ApplyCommand: GantryCommand {
    static let target = Positional<String>(
        "dir-or-plan", help: "A spec directory (plan, confirm, apply) or a plan file saved by `gantry plan --out`.")
    static let autoApprove = Flag("auto-approve", help: "Apply without asking for confirmation.")

    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "apply",
            abstract: "Make the changes a plan shows.",
            discussion: """
                Given a spec directory, plans, shows the plan and asks for 'yes' on a terminal
                (--auto-approve skips the question; without a terminal it is required). Given a
                saved plan file, applies exactly that plan, refusing it when the state changed
                since. Resources start as soon as what they depend on is done; every finished
                step is journaled, so a crash loses nothing. Ctrl-C stops starting new work and
                records what is in flight; a second Ctrl-C quits at once.

                EXAMPLES:
                  gantry apply Examples/quickstart
                  gantry apply infra/ --auto-approve --var env=prod
                  gantry plan infra/ --out plan.json && gantry apply plan.json
                """,
            arguments: [target.definition, SpecArguments.variables.definition,
                        SpecArguments.variableFiles.definition, autoApprove.definition]
                + PlanArguments.definitions + [ApplyRunner.parallelismOption.definition, Tracing.fileOption.definition])
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
        path = try arguments.required(Self.target)
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
        if let saved = try savedPlan(context) {
            // A saved plan is applied exactly as reviewed; options that would change it don't apply.
            if !variables.isEmpty || !variableFiles.isEmpty || !options.targets.isEmpty
                || !options.excludes.isEmpty || !options.refresh {
                throw UsageError("--var, --var-file, --target, --exclude and --refresh shape a new plan; "
                                 + "pass them to `gantry plan … --out FILE`, not when applying \(path).")
            }
            return try await applySaved(saved, tracing: tracing, in: context)
        }
        let session = try SpecSession.load(path, variables: variables, variableFiles: variableFiles, stateURL: stateURL, in: context)
        // Fail before planning when nobody could answer the question anyway.
        if !autoApprove { try Confirmation.requireAnswerable(in: context) }
        let store = session.stateStore()
        return try await StateLock.withLock(store, operation: "apply", timeout: lockTimeout) {
            let progress = ProgressObserver(context: context, verb: "Applying")
            let engine = Engine(providers: try await session.providers(), store: store, observer: progress,
                                spans: tracing.recorder)
            let plan = try await engine.plan(session.spec.intents(), options: options)
            return try await confirmAndApply(plan, engine: engine, progress: progress, in: context)
        }
    }

    /// The saved plan when `path` names a file that isn't a spec file.
    private func savedPlan(_ context: CommandContext) throws -> SavedPlan? {
        let absolute = context.resolve(path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory), !isDirectory.boolValue,
              !absolute.hasSuffix(".yaml"), !absolute.hasSuffix(".yml")
        else { return nil }
        return try SavedPlan.read(from: absolute)
    }

    private func applySaved(_ saved: SavedPlan, tracing: Tracing, in context: CommandContext) async throws
        -> ExitCode
    {
        let session = try SpecSession.load(saved.specPath, variables: saved.variables,
                                           variableFiles: saved.variableFiles, stateURL: stateURL, in: context)
        let store = session.stateStore()
        return try await StateLock.withLock(store, operation: "apply", timeout: lockTimeout) {
            let progress = ProgressObserver(context: context, verb: "Applying")
            let engine = Engine(providers: try await session.providers(), store: store, observer: progress,
                                spans: tracing.recorder)
            guard saved.plan.hasChanges else {
                context.output.line("The saved plan has no changes; nothing to do.")
                return .success
            }
            // The plan was reviewed when it was saved: applying the file is the approval.
            return try await ApplyRunner(engine: engine, progress: progress, context: context, parallelism: parallelism).run(saved.plan)
        }
    }

    private func confirmAndApply(_ plan: Plan, engine: Engine, progress: ProgressObserver,
                                 in context: CommandContext) async throws -> ExitCode {
        if !plan.diagnostics.isEmpty {
            context.errorOutput.write(DiagnosticRenderer(format: .text).render(plan.diagnostics))
        }
        context.output.write(PlanTextRenderer(color: context.colorEnabled && !noColor).render(plan))
        guard plan.hasChanges else { return plan.diagnostics.hasErrors ? .failure : .success }
        if plan.diagnostics.hasErrors { return .failure }
        if !autoApprove {
            context.output.line()
            guard try Confirmation.ask("Do you want to perform these actions?", in: context) else {
                context.output.line("Apply cancelled; nothing was changed.")
                return .failure
            }
        }
        context.output.line()
        return try await ApplyRunner(engine: engine, progress: progress, context: context, parallelism: parallelism).run(plan)
    }
}
