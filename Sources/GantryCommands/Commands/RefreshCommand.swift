import GantryBasics
import GantryEngine

/// `gantry refresh DIR`: record in the state what the cloud reports now.
struct RefreshCommand: GantryCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "refresh",
            abstract: "Update the state from what the cloud reports (batched reads).",
            discussion: """
                Reads every recorded resource — one call per provider and resource type, not
                one per resource — and records changes made outside Gantry. Resources deleted
                behind Gantry's back are dropped from the state. Nothing in the cloud changes.

                EXAMPLES:
                  gantry refresh Examples/quickstart
                  gantry refresh infra/ --target node_pools.h100-train
                """,
            arguments: SpecArguments.definitions
                + [PlanArguments.targets.definition, PlanArguments.excludes.definition,
                   StateLock.timeoutOption.definition, StateBackendSelection.urlOption.definition])
    }

    var path: String
    var variables: [String]
    var variableFiles: [String]
    var targets: [String]
    var excludes: [String]
    var lockTimeout: Double
    var stateURL: String?

    init(arguments: ParsedArguments) throws {
        path = try arguments.required(SpecArguments.directory)
        variables = try arguments.values(SpecArguments.variables)
        variableFiles = try arguments.values(SpecArguments.variableFiles)
        targets = try arguments.values(PlanArguments.targets)
        excludes = try arguments.values(PlanArguments.excludes)
        lockTimeout = try arguments.value(StateLock.timeoutOption) ?? 0
        stateURL = try arguments.value(StateBackendSelection.urlOption)
    }

    func run(in context: CommandContext) async throws -> ExitCode {
        let session = try await SpecSession.load(path, variables: variables, variableFiles: variableFiles, stateURL: stateURL,
                                                 startingProviders: true, in: context)
        let store = session.stateStore()
        let options = PlanOptions(targets: targets.map { ResourceAddress($0) },
                                  excludes: excludes.map { ResourceAddress($0) })
        let report = try await StateLock.withLock(store, operation: "refresh", timeout: lockTimeout) {
            let engine = Engine(providers: try await session.providers(), store: store)
            return try await engine.refresh(options: options)
        }
        let renderer = PlanTextRenderer(color: context.colorEnabled)
        for entry in report.drift { context.output.line(renderer.renderDrift(entry)) }
        let drifted = report.drift.count
        context.output.line("Refreshed \(report.resourcesRead) resource\(report.resourcesRead == 1 ? "" : "s"): "
                            + (drifted == 0 ? "no changes outside Gantry."
                               : "\(drifted) changed outside Gantry; state serial is now \(report.stateSerial)."))
        return .success
    }
}
