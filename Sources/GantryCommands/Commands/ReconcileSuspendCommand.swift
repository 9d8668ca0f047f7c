import GantryReconcile

/// `gantry reconcile suspend`: stop new reconcile runs (a run in progress finishes).
struct ReconcileSuspendCommand: GantryCommand {
    static let reason = Option<String>("reason", valueName: "text", default: "suspended by hand",
                                       help: "Why, shown in the status.")

    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "suspend",
            abstract: "Stop new reconcile runs until `gantry reconcile resume` (writes .gantry/reconcile.suspended).",
            discussion: """
                EXAMPLES:
                  gantry reconcile suspend -C /var/lib/gantry --reason "maintenance window"
                """,
            arguments: [ReconcileCommand.stateDirectory.definition, reason.definition])
    }

    var directory: String
    var reason: String

    init(arguments: ParsedArguments) throws {
        directory = try arguments.value(ReconcileCommand.stateDirectory) ?? "."
        reason = try arguments.value(Self.reason) ?? "suspended by hand"
    }

    func run(in context: CommandContext) async throws -> ExitCode {
        let flag = SuspendFlag(stateDirectory: context.resolve(directory))
        try flag.suspend(reason: reason)
        context.output.line("Reconcile suspended (\(flag.path)); a run in progress finishes.")
        return .success
    }
}
