import GantryBasics
import GantryEngine
import GantryRemoteState

/// What every command that plans shares (`plan`, `apply`, `destroy`): the variables, plan
/// options, colour, state lock and backend, and tracing — parsed once here.
struct SessionArguments: Sendable {
    var variables: [String]
    var variableFiles: [String]
    var noColor: Bool
    var options: PlanOptions
    var lockTimeout: Double
    var stateURL: String?
    var traceFile: String?

    /// The definitions to list after the command's own, in this order.
    static var definitions: [ArgumentDefinition] { PlanArguments.definitions + [Tracing.fileOption.definition] }

    init(_ arguments: ParsedArguments) throws {
        variables = try arguments.values(SpecArguments.variables)
        variableFiles = try arguments.values(SpecArguments.variableFiles)
        noColor = try arguments.flag(PlanArguments.noColor)
        options = try PlanArguments.options(arguments)
        lockTimeout = try arguments.value(StateLock.timeoutOption) ?? 0
        stateURL = try arguments.value(StateBackendSelection.urlOption)
        traceFile = try arguments.value(Tracing.fileOption)
    }
}

/// What `apply` and `destroy` add to `SessionArguments`: approval and parallelism — and
/// the session they open, lock, show and apply.
@dynamicMemberLookup
struct ChangeArguments: Sendable {
    var session: SessionArguments
    var autoApprove: Bool
    var parallelism: Int

    subscript<T>(dynamicMember keyPath: KeyPath<SessionArguments, T>) -> T { session[keyPath: keyPath] }

    /// The definitions both commands list after their own, in this order.
    static var definitions: [ArgumentDefinition] {
        PlanArguments.definitions + [ApplyRunner.parallelismOption.definition, Tracing.fileOption.definition]
    }

    /// - Parameter autoApprove: the command's own `--auto-approve` (its help names the command).
    init(_ arguments: ParsedArguments, autoApprove: Flag) throws {
        session = try SessionArguments(arguments)
        self.autoApprove = try arguments.flag(autoApprove)
        parallelism = try arguments.value(ApplyRunner.parallelismOption) ?? 32
    }

    func validate() throws {
        if parallelism < 1 { throw UsageError("--parallelism must be at least 1, got \(parallelism).") }
    }

    /// Runs `body` with the spec at `path` loaded, its state locked for `operation` and an
    /// engine reporting progress as `verb` — traced when `--trace` is given.
    ///
    /// - Parameter confirming: fail before planning when approval is needed but nobody
    ///   could give it (no terminal and no `--auto-approve`).
    func withEngine(_ path: String, variables: [String]? = nil, variableFiles: [String]? = nil,
                    operation: String, verb: String, confirming: Bool = true, in context: CommandContext,
                    _ body: @escaping @Sendable (SpecSession, Engine, ProgressObserver) async throws -> ExitCode)
        async throws -> ExitCode
    {
        let tracing = Tracing(file: self.traceFile, context: context)
        return try await tracing.around(in: context) {
            let session = try await SpecSession.load(path, variables: variables ?? self.variables,
                                                     variableFiles: variableFiles ?? self.variableFiles,
                                                     stateURL: self.stateURL, startingProviders: true, in: context)
            if confirming && !autoApprove { try Confirmation.requireAnswerable(in: context) }
            let store = session.stateStore()
            return try await StateLock.withLock(store, operation: operation, timeout: self.lockTimeout) {
                let progress = ProgressObserver(context: context, verb: verb)
                let engine = Engine(providers: try await session.providers(), store: store, observer: progress,
                                    spans: tracing.recorder)
                return try await body(session, engine, progress)
            }
        }
    }

    /// Shows `plan` (its problems on stderr), asks `question` unless `--auto-approve`, and
    /// applies it. A plan without changes succeeds; one with errors fails, unapplied.
    func confirmAndApply(_ plan: Plan, question: String, cancelled: String, engine: Engine,
                         progress: ProgressObserver, in context: CommandContext) async throws -> ExitCode {
        if !plan.diagnostics.isEmpty {
            context.errorOutput.write(DiagnosticRenderer(format: .text).render(plan.diagnostics))
        }
        context.output.write(PlanTextRenderer(color: context.colorEnabled && !self.noColor).render(plan))
        if plan.diagnostics.hasErrors { return .failure }
        guard plan.hasChanges else { return .success }
        if !autoApprove {
            context.output.line()
            guard try Confirmation.ask(question, in: context) else {
                context.output.line(cancelled)
                return .failure
            }
        }
        context.output.line()
        return try await ApplyRunner(engine: engine, progress: progress, context: context, parallelism: parallelism).run(plan)
    }
}
