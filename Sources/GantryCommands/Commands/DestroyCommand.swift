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
            arguments: SpecArguments.definitions + [autoApprove.definition] + ChangeArguments.definitions)
    }

    var path: String
    var change: ChangeArguments

    init(arguments: ParsedArguments) throws {
        path = try arguments.required(SpecArguments.directory)
        change = try ChangeArguments(arguments, autoApprove: Self.autoApprove)
    }

    func validate() throws { try change.validate() }

    func run(in context: CommandContext) async throws -> ExitCode {
        let change = self.change
        return try await change.withEngine(path, operation: "destroy", verb: "Destroying", in: context) { session, engine, progress in
            let plan = try await engine.planDestroy(options: change.options)
            try ProtectionCheck.refuse(plan, spec: session.spec)
            return try await change.confirmAndApply(
                plan, question: "Do you really want to destroy all these resources?",
                cancelled: "Destroy cancelled; nothing was changed.", engine: engine, progress: progress, in: context)
        }
    }
}
