import GantryBasics
import GantryState

/// `gantry state mv A B`: rename a resource in the state (after renaming it in the spec).
struct StateMove: GantryCommand {
    static let source = Positional<String>("source", help: "The address it is recorded at now.")
    static let destination = Positional<String>("destination", help: "The address it should be recorded at.")

    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "mv",
            abstract: "Record a resource (or an item's resources) under a new address.",
            discussion: """
                Use it after renaming an item in the spec, so plan doesn't replace the resources.

                EXAMPLES:
                  gantry state mv node_pools.l4-dev node_pools.l4-main -C Examples/quickstart
                """,
            arguments: [source.definition, destination.definition, StateCommand.directory.definition,
                        StateLock.timeoutOption.definition])
    }

    var source: String
    var destination: String
    var directory: String
    var lockTimeout: Double

    init(arguments: ParsedArguments) throws {
        source = try arguments.required(Self.source)
        destination = try arguments.required(Self.destination)
        directory = try arguments.value(StateCommand.directory) ?? "."
        lockTimeout = try arguments.value(StateLock.timeoutOption) ?? 0
    }

    func run(in context: CommandContext) async throws -> ExitCode {
        let from = ResourceAddress(source), to = ResourceAddress(destination)
        let moved = try await StateAccess.modify(directory, operation: "state mv", timeout: lockTimeout,
                                                 in: context) { document in
            (try document.moving(from: from, to: to), document.addresses(under: from).count)
        }
        context.output.line("Moved \(from) to \(to) (\(moved) resource\(moved == 1 ? "" : "s")).")
        return .success
    }
}
