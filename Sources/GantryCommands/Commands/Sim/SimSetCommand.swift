import GantryBasics
import SimProvider

/// `gantry sim set ID|ADDRESS KEY VALUE`: change one attribute behind Gantry's back.
struct SimSetCommand: GantryCommand {
    static let resource = Positional<String>("id-or-address", help: "The resource's id or Gantry address.")
    static let key = Positional<String>("key", help: "The attribute to change (desired_size, …).")
    static let value = Positional<String>(
        "value", help: "The new value: JSON (2, true, null, \"text\", [1,2]) or else taken as text.")

    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "set",
            abstract: "Change one attribute of a simulated resource (null removes it).",
            discussion: """
                EXAMPLES:
                  gantry sim set node_pools.l4-dev.sim_node_group.main desired_size 2 -C Examples/quickstart
                """,
            arguments: [resource.definition, key.definition, value.definition, SimCommand.directory.definition])
    }

    var resource: String
    var key: String
    var value: String
    var directory: String

    init(arguments: ParsedArguments) throws {
        resource = try arguments.required(Self.resource)
        key = try arguments.required(Self.key)
        value = try arguments.required(Self.value)
        directory = try arguments.value(SimCommand.directory) ?? "."
    }

    func run(in context: CommandContext) async throws -> ExitCode {
        let parsed = (try? JSON.parse(value)) ?? .string(value)
        let changed = try await SimWorld(workingDirectory: context.resolve(directory))
            .setAttribute(resource, key: key, value: parsed)
        context.output.line("Set \(key) = \(value) on \(changed.type) \(changed.id).")
        return .success
    }
}
