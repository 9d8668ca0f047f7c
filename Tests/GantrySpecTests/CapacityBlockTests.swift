import Testing
import GantryBasics
@testable import GantrySpec

/// A node pool's `capacity` block and GPU alternatives, as the engine's failover reads them.
@Suite struct CapacityBlockTests {
    static func pool(_ capacity: String, gpu: String = "{ model: H100, count: 8 }") -> String {
        """
        project: t
        networks:
          train: { regions: [us-east-1], cidr: 10.0.0.0/16, interconnect: { fabric: efa, placement: cluster } }
        node_pools:
          p:
            network: train
            gpu: \(gpu)
            nodes: { max: 4, desired: 2 }
            capacity: \(capacity)
        """
    }

    @Test func reservationsDefaultToReservedThenSpotThenOnDemand() throws {
        let result = load(Self.pool("{ reservations: cr-0abc, zones: [us-east-1a, us-east-1b] }"))
        #expect(result.errors.isEmpty, "\(rendered(result))")
        let capacity = try #require(result.intent("node_pools.p")?.attributes["capacity"])
        #expect(capacity["markets"] == ["reserved", "spot", "on-demand"])
        #expect(capacity["reservations"] == ["ids": ["cr-0abc"]])
        // Several zones with cluster placement are candidates: the whole pool lands in one.
        #expect(capacity["zones"] == ["us-east-1a", "us-east-1b"])
    }

    @Test func marketsMixAndAllOrNothingAreEncoded() throws {
        let result = load(Self.pool("{ markets: [spot, on-demand], spot_percent: 70, on_demand_base: 1, all_or_nothing: true }"))
        #expect(result.errors.isEmpty, "\(rendered(result))")
        let capacity = try #require(result.intent("node_pools.p")?.attributes["capacity"])
        #expect(capacity["markets"] == ["spot", "on-demand"])
        #expect(capacity["market"] == "spot")
        #expect(capacity["fallback"] == "on-demand")
        #expect(capacity["spot_percent"] == 70)
        #expect(capacity["on_demand_base"] == 1)
        #expect(capacity["all_or_nothing"] == true)
    }

    @Test func aReservationSelectorIsKept() throws {
        let result = load(Self.pool("{ reservations: { selector: { team: research } }, markets: [reserved, on-demand] }"))
        #expect(result.errors.isEmpty, "\(rendered(result))")
        #expect(result.intent("node_pools.p")?.attributes["capacity"]?["reservations"] == ["selector": ["team": "research"]])
    }

    @Test func gpuAlternativesAndMemoryAreRead() throws {
        let result = load(Self.pool("{ market: spot }", gpu: "{ model: [H100, H200], count: 8, memory: 80GB+ }"))
        #expect(result.errors.isEmpty, "\(rendered(result))")
        let gpu = try #require(result.intent("node_pools.p")?.attributes["gpu"])
        #expect(gpu["model"] == ["H100", "H200"])
        #expect(gpu["memory_min_gib"] == 74)
    }

    @Test func mistakesNameTheKeyAndSuggestAFix() {
        let result = load(Self.pool("{ markets: [spto], market: spot }"))
        let messages = result.errors.map(\.message)
        #expect(messages.contains("'spto' is not a valid choice"))
        #expect(result.errors.contains { $0.hint == "did you mean 'spot'?" })
        #expect(messages.contains("capacity sets 'markets' and also 'market' or 'fallback'"))
        let memory = load(Self.pool("{ market: spot }", gpu: "{ model: H100, count: 8, memory: lots }"))
        #expect(memory.errors.map(\.message) == ["gpu.memory 'lots' is not a size"])
        #expect(memory.errors.first?.location?.line == 7)
    }
}
