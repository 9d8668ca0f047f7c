import SimProvider

/// `gantry sim list`: what exists in the simulated cloud.
struct SimListCommand: GantryCommand {
    static let type = Option<String>("type", valueName: "type", help: "Only resources of this type.")

    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "list",
            abstract: "List the resources in the simulated cloud, with the Gantry address they were created for.",
            discussion: """
                EXAMPLES:
                  gantry sim list -C Examples/quickstart
                  gantry sim list --type sim_node_group -C Examples/quickstart
                """,
            arguments: [type.definition, SimCommand.directory.definition])
    }

    var type: String?
    var directory: String

    init(arguments: ParsedArguments) throws {
        type = try arguments.value(Self.type)
        directory = try arguments.value(SimCommand.directory) ?? "."
    }

    func run(in context: CommandContext) async throws -> ExitCode {
        let world = SimWorld(workingDirectory: context.resolve(directory))
        let resources = try await world.list(type: type)
        var table = TextTable([.init(title: "ID"), .init(title: "TYPE"), .init(title: "REGION"),
                               .init(title: "ADDRESS")])
        for resource in resources {
            table.append([resource.id, resource.type, resource.region ?? "-", resource.address?.rawValue ?? "-"])
        }
        if !resources.isEmpty { context.output.write(table.render()) }
        let drains = try await world.drains()
        for drain in drains { context.output.line("drained: \(drain)") }
        for fault in try await world.nodeFaults() { context.output.line("failing: \(fault)") }
        context.errorOutput.line("\(resources.count) resource\(resources.count == 1 ? "" : "s") in the simulated cloud.")
        return .success
    }
}
