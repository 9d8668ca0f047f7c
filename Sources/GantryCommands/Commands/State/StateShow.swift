import GantryBasics
import GantryState

/// `gantry state show ADDR`: one resource's recorded attributes, secrets masked.
struct StateShow: GantryCommand {
    static let address = Positional<String>("address", help: "The resource to show.")

    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "show",
            abstract: "Show one recorded resource: id, provider, dependencies and attributes.",
            discussion: """
                Sensitive attributes are shown as (sensitive).

                EXAMPLES:
                  gantry state show node_pools.l4-dev.sim_node_group.main -C Examples/quickstart
                """,
            arguments: [address.definition, StateCommand.directory.definition])
    }

    var address: String
    var directory: String

    init(arguments: ParsedArguments) throws {
        address = try arguments.required(Self.address)
        directory = try arguments.value(StateCommand.directory) ?? "."
    }

    func run(in context: CommandContext) async throws -> ExitCode {
        let document = try await StateAccess.load(directory, in: context) ?? StateDocument.new()
        let resource = try document.requireResource(at: ResourceAddress(address))
        let attributes = Redaction.mask(resource.attributes, paths: resource.sensitivePaths)
        var out = "# \(resource.address)\n"
        out += "type:     \(resource.type)\nprovider: \(resource.provider)\nid:       \(resource.id)\n"
        if let origin = resource.origin { out += "origin:   \(origin)\n" }
        if !resource.dependencies.isEmpty {
            out += "depends on:\n" + resource.dependencies.map { "  \($0)\n" }.joined()
        }
        out += "attributes: " + (try JSON.encode(.object(attributes), pretty: true)) + "\n"
        context.output.write(out)
        return .success
    }
}
