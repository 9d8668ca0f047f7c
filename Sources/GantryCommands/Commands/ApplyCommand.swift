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
                        SpecArguments.variableFiles.definition, autoApprove.definition] + ChangeArguments.definitions)
    }

    var path: String
    var change: ChangeArguments

    init(arguments: ParsedArguments) throws {
        path = try arguments.required(Self.target)
        change = try ChangeArguments(arguments, autoApprove: Self.autoApprove)
    }

    func validate() throws { try change.validate() }

    func run(in context: CommandContext) async throws -> ExitCode {
        let change = self.change
        if let saved = try savedPlan(context) {
            // A saved plan is applied exactly as reviewed; options that would change it don't apply.
            if !change.variables.isEmpty || !change.variableFiles.isEmpty || !change.options.targets.isEmpty
                || !change.options.excludes.isEmpty || !change.options.refresh {
                throw UsageError("--var, --var-file, --target, --exclude and --refresh shape a new plan; "
                                 + "pass them to `gantry plan … --out FILE`, not when applying \(path).")
            }
            // The plan was reviewed when it was saved: applying the file is the approval.
            return try await change.withEngine(saved.specPath, variables: saved.variables,
                                               variableFiles: saved.variableFiles, operation: "apply",
                                               verb: "Applying", confirming: false, in: context) {
                session, engine, progress in
                try ProtectionCheck.refuse(saved.plan, spec: session.spec)
                guard saved.plan.hasChanges else {
                    context.output.line("The saved plan has no changes; nothing to do.")
                    return .success
                }
                return try await ApplyRunner(engine: engine, progress: progress, context: context,
                                             parallelism: change.parallelism).run(saved.plan)
            }
        }
        return try await change.withEngine(path, operation: "apply", verb: "Applying", in: context) {
            session, engine, progress in
            let plan = try await engine.plan(session.spec.intents(), options: change.options)
            try ProtectionCheck.refuse(plan, spec: session.spec)
            return try await change.confirmAndApply(
                plan, question: "Do you want to perform these actions?", cancelled: "Apply cancelled; nothing was changed.",
                engine: engine, progress: progress, in: context)
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
}
