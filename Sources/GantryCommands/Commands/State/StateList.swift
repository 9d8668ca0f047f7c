import GantryBasics
import GantryState

/// `gantry state list`: every recorded resource.
struct StateList: GantryCommand {
    static let prefix = Positional<String>(
        "address", optional: true, help: "Only resources at or under this address (node_pools.h100-train).")

    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "list",
            abstract: "List the resources the state records, with their type and cloud id.",
            discussion: """
                EXAMPLES:
                  gantry state list -C Examples/quickstart
                  gantry state list node_pools.l4-dev -C Examples/quickstart
                """,
            arguments: [prefix.definition, StateCommand.directory.definition])
    }

    var prefix: String?
    var directory: String

    init(arguments: ParsedArguments) throws {
        prefix = try arguments.value(Self.prefix)
        directory = try arguments.value(StateCommand.directory) ?? "."
    }

    func run(in context: CommandContext) async throws -> ExitCode {
        let document = try await StateAccess.load(directory, in: context)
        var resources = document?.resources ?? []
        if let prefix, let document {
            let selected = Set(document.addresses(under: ResourceAddress(prefix)))
            resources = resources.filter { selected.contains($0.address) }
        }
        guard !resources.isEmpty else {
            context.errorOutput.line(document == nil ? "No state yet: nothing has been applied in \(directory)."
                                     : "No resources recorded\(prefix.map { " under \($0)" } ?? "").")
            return .success
        }
        var table = TextTable([.init(title: "ADDRESS"), .init(title: "TYPE"), .init(title: "ID")])
        for resource in resources { table.append([resource.address.rawValue, resource.type, resource.id]) }
        context.output.write(table.render())
        return .success
    }
}
