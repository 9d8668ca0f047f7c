/// `gantry sim …`: change the simulated cloud behind Gantry's back, to see drift and
/// failover the way a real cloud would produce them.
struct SimCommand: CommandGroup {
    /// `-C DIR`: the spec directory whose simulated cloud (`DIR/.gantry/sim/`) to change.
    static let directory = Option<String>(
        "dir", short: "C", valueName: "dir", default: ".", help: "The spec directory whose simulated cloud to use.")

    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "sim",
            abstract: "Inspect and change the simulated cloud of the sim provider (to create drift).",
            discussion: """
                The sim provider keeps its cloud in DIR/.gantry/sim/. These commands change it
                the way someone clicking in a console would; the next plan shows the drift.

                EXAMPLES:
                  gantry sim list -C Examples/quickstart
                  gantry sim set node_pools.l4-dev.sim_node_group.main desired_size 2 -C Examples/quickstart
                  gantry sim delete storage.artifacts.sim_bucket.main -C Examples/quickstart
                  gantry sim drain us-east-1a --instance-type g6.xlarge -C Examples/quickstart
                  gantry sim fail-nodes --instance-type g6.xlarge -C Examples/quickstart
                """,
            subcommands: [SimListCommand.self, SimDeleteCommand.self, SimSetCommand.self, SimDrainCommand.self, SimFailNodesCommand.self,
                          SimResetCommand.self])
    }

    init() {}
}
