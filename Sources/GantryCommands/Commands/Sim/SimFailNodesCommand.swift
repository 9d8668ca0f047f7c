import SimProvider

/// `gantry sim fail-nodes`: make the nodes of node groups created from now on fail to boot.
struct SimFailNodesCommand: GantryCommand {
    static let instanceType = Option<String>("instance-type", valueName: "type", help: "Only this instance type.")
    static let zone = Option<String>("zone", valueName: "zone", help: "Only in this zone.")
    static let healthy = Option<Int>("healthy-nodes", valueName: "n",
                                     help: "The first N nodes of each group still boot (a canary's first step passes).")
    static let heal = Flag("heal", help: "Undo an earlier fail-nodes with the same arguments.")

    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "fail-nodes",
            abstract: "Make new nodes fail to boot in the simulated cloud (or --heal them).",
            discussion: """
                Node groups created or scaled up afterwards report their new nodes as failed
                (failed_nodes, status DEGRADED), so a blue-green or canary rollout's health
                gate fails and you can see it roll back or halt. Existing groups are not
                touched; for those use `gantry sim set ADDRESS failed_nodes N`.

                EXAMPLES:
                  gantry sim fail-nodes -C Examples/quickstart
                  gantry sim fail-nodes --instance-type p5.48xlarge --zone us-east-1a -C Examples/quickstart
                  gantry sim fail-nodes --healthy-nodes 1 -C Examples/quickstart
                  gantry sim fail-nodes --heal -C Examples/quickstart
                """,
            arguments: [instanceType.definition, zone.definition, healthy.definition, heal.definition, SimCommand.directory.definition])
    }

    var fault: SimNodeFault
    var heal: Bool
    var directory: String

    init(arguments: ParsedArguments) throws {
        fault = SimNodeFault(instanceType: try arguments.value(Self.instanceType), zone: try arguments.value(Self.zone),
                             healthyNodes: try arguments.value(Self.healthy) ?? 0)
        heal = try arguments.flag(Self.heal)
        directory = try arguments.value(SimCommand.directory) ?? "."
    }

    func run(in context: CommandContext) async throws -> ExitCode {
        let world = SimWorld(workingDirectory: context.resolve(directory))
        if heal {
            try await world.healNodes(fault)
            context.output.line("Healed: new nodes of \(fault.instanceType ?? "every instance type") in "
                                + "\(fault.zone ?? "every zone") boot normally again.")
        } else {
            try await world.failNewNodes(fault)
            context.output.line("From now on \(fault) to boot.")
        }
        return .success
    }
}
