/// `gantry state …`: inspect and edit the recorded state.
struct StateCommand: CommandGroup {
    /// `-C DIR`, shared by every state subcommand (the state lives in `DIR/.gantry/`).
    static let directory = Option<String>(
        "dir", short: "C", valueName: "dir", default: ".", help: "The spec directory whose state to use.")

    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "state",
            abstract: "Inspect and edit the recorded state (DIR/.gantry/state.json).",
            discussion: """
                Reading (list, show) needs no lock; changes (rm, mv) take the state lock and
                write a new serial, keeping the previous state as a backup.

                EXAMPLES:
                  gantry state list -C Examples/quickstart
                  gantry state show node_pools.l4-dev.sim_node_group.main -C Examples/quickstart
                  gantry state unlock 1f0c… -C infra/
                """,
            subcommands: [StateList.self, StateShow.self, StateRemove.self, StateMove.self, StateUnlock.self,
                          StateHistory.self, StatePull.self, StatePush.self, StateMigrate.self])
    }

    init() {}
}
