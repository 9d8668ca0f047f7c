import SimProvider

/// `gantry sim delete ID|ADDRESS`: delete a resource behind Gantry's back.
struct SimDeleteCommand: GantryCommand {
    static let resource = Positional<String>("id-or-address", help: "The resource's id or Gantry address.")

    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "delete",
            abstract: "Delete a resource from the simulated cloud, as if someone removed it by hand.",
            discussion: """
                EXAMPLES:
                  gantry sim delete storage.artifacts.sim_bucket.main -C Examples/quickstart
                """,
            arguments: [resource.definition, SimCommand.directory.definition])
    }

    var resource: String
    var directory: String

    init(arguments: ParsedArguments) throws {
        resource = try arguments.required(Self.resource)
        directory = try arguments.value(SimCommand.directory) ?? "."
    }

    func run(in context: CommandContext) async throws -> ExitCode {
        let removed = try await SimWorld(workingDirectory: context.resolve(directory)).deleteResource(resource)
        context.output.line("Deleted \(removed.type) \(removed.id) from the simulated cloud.")
        return .success
    }
}
