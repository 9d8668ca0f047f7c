/// Small specs for end-to-end scenarios, written into each test's scratch directory.
///
/// They follow Examples/quickstart (one network, GPU pools, a bucket) on the sim provider,
/// with knobs for the size of the graph and the simulator's latency and faults. Kept
/// small so the suite stays fast.
enum SpecFixtures {
    /// A spec with `pools` L4 pools on one network and a bucket.
    ///
    /// - Parameters:
    ///   - sim: extra keys of the `providers.sim` block (`latency_ms: 200`, `throttle_rate: 0.3`).
    ///   - desired: nodes per pool.
    static func platform(pools: Int = 1, desired: Int = 1, sim: [String] = []) -> String {
        var yaml = """
            gantry: 1
            project: e2e
            providers:
              sim:
                regions: [us-east-1]
                seed: 7

            """
        for line in sim { yaml += "    \(line)\n" }
        yaml += """
            regions:
              us-east-1: { residency: us }
            networks:
              main:
                regions: [us-east-1]
                cidr: 10.0.0.0/16
            node_pools:

            """
        for index in 0..<pools {
            yaml += """
                  pool-\(index):
                    network: main
                    gpu: { model: L4, count: 1 }
                    nodes: { min: 0, max: 4, desired: \(desired) }
                    capacity: { market: on-demand }

                """
        }
        yaml += """
            storage:
              artifacts:
                region: us-east-1
                tier: warm
                filesystem: object

            """
        return yaml
    }
}
