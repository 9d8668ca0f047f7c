import SimProvider

/// `gantry sim drain ZONE`: take capacity away from a zone, to exercise failover.
struct SimDrainCommand: GantryCommand {
    static let zone = Positional<String>("zone", help: "The zone to drain (us-east-1a).")
    static let instanceType = Option<String>("instance-type", valueName: "type", help: "Only this instance type.")
    static let market = Option<String>("market", valueName: "market", help: "Only this market: spot or on-demand.")
    static let restore = Flag("restore", help: "Undo an earlier drain with the same arguments.")

    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "drain",
            abstract: "Remove (or --restore) the capacity of a zone in the simulated cloud.",
            discussion: """
                Node groups that exist keep running; new ones in the zone fail with a capacity
                error, so you can see how a plan and apply behave when a zone runs out.

                EXAMPLES:
                  gantry sim drain us-east-1a -C Examples/quickstart
                  gantry sim drain us-east-1a --instance-type g6.xlarge --market spot -C Examples/quickstart
                  gantry sim drain us-east-1a --restore -C Examples/quickstart
                """,
            arguments: [zone.definition, instanceType.definition, market.definition, restore.definition,
                        SimCommand.directory.definition])
    }

    var zone: String
    var instanceType: String?
    var market: String?
    var restore: Bool
    var directory: String

    init(arguments: ParsedArguments) throws {
        zone = try arguments.required(Self.zone)
        instanceType = try arguments.value(Self.instanceType)
        market = try arguments.value(Self.market)
        restore = try arguments.flag(Self.restore)
        directory = try arguments.value(SimCommand.directory) ?? "."
    }

    func run(in context: CommandContext) async throws -> ExitCode {
        let world = SimWorld(workingDirectory: context.resolve(directory))
        if restore {
            try await world.restoreCapacity(zone: zone, instanceType: instanceType, market: market)
            context.output.line("Restored capacity in \(zone).")
        } else {
            try await world.drainCapacity(zone: zone, instanceType: instanceType, market: market)
            context.output.line("Drained capacity in \(zone)"
                                + (instanceType.map { " for \($0)" } ?? "") + (market.map { " (\($0))" } ?? "") + ".")
        }
        return .success
    }
}
