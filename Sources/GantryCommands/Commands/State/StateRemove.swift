import GantryBasics
import GantryState

/// `gantry state rm ADDR`: forget resources without deleting them from the cloud.
struct StateRemove: GantryCommand {
    static let address = Positional<String>(
        "address", help: "The resource, or an item address to forget everything lowered from it.")

    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "rm",
            abstract: "Stop managing resources: remove them from the state, not from the cloud.",
            discussion: """
                The resources keep running; the next plan proposes creating them again unless
                the spec no longer has them. Bring one back with `gantry import`.

                EXAMPLES:
                  gantry state rm storage.artifacts.sim_bucket.main -C Examples/quickstart
                  gantry state rm node_pools.l4-dev -C Examples/quickstart
                """,
            arguments: [address.definition, StateCommand.directory.definition, StateLock.timeoutOption.definition])
    }

    var address: String
    var directory: String
    var lockTimeout: Double

    init(arguments: ParsedArguments) throws {
        address = try arguments.required(Self.address)
        directory = try arguments.value(StateCommand.directory) ?? "."
        lockTimeout = try arguments.value(StateLock.timeoutOption) ?? 0
    }

    func run(in context: CommandContext) async throws -> ExitCode {
        let target = ResourceAddress(address)
        let removed = try await StateAccess.modify(directory, operation: "state rm", timeout: lockTimeout,
                                                   in: context) { document in
            let addresses = document.addresses(under: target)
            return (try document.removing(address: target), addresses)
        }
        for address in removed { context.output.line("Removed \(address) from the state.") }
        return .success
    }
}
