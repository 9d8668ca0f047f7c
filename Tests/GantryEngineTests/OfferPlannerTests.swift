import GantryBasics
import GantryEngine
import GantryProviderKit
import Testing

/// How a pool's capacity block becomes an ordered list of offers, and what a failure rules out.
@Suite struct OfferPlannerTests {
    static func pool(_ capacity: [String: Value], gpu: [String: Value] = ["model": ["H100", "H200"], "count": 8])
        -> PoolCapacity?
    {
        PoolCapacity(IntentItem(address: "node_pools.p", kind: "node_pools", name: "p", region: "us-east-1",
                                provider: "sim", attributes: ["gpu": .object(gpu), "capacity": .object(capacity),
                                                              "nodes": ["desired": 10]]),
                     network: nil)
    }

    @Test func reservationsComeFirstThenSpotThenOnDemand() throws {
        let pool = try #require(Self.pool(["markets": ["reserved", "spot", "on-demand"],
                                           "reservations": ["ids": ["cr-1"]]], gpu: ["type": "p5.48xlarge"]))
        let offers = OfferPlanner().offers(for: pool, lowered: "p5.48xlarge")
        #expect(offers.map(\.description) == ["p5.48xlarge reserved (cr-1) in us-east-1 (any zone)",
                                              "p5.48xlarge spot in us-east-1 (any zone)",
                                              "p5.48xlarge on-demand in us-east-1 (any zone)"])
        // Reserved capacity is bought on-demand from the reservation.
        let attributes = offers[0].attributes(over: ["market": "spot"])
        #expect(attributes["market"] == "on-demand")
        #expect(attributes["capacity_reservation"] == "cr-1")
    }

    @Test func olderMarketAndFallbackKeysStillOrderTheMarkets() throws {
        let pool = try #require(Self.pool(["market": "on-demand", "fallback": "spot"]))
        #expect(pool.markets == ["on-demand", "spot"])
    }

    @Test func gpuAlternativesAreRankedByPriceAndFilteredByMemory() throws {
        let both = try #require(Self.pool([:]))
        #expect(OfferPlanner().instanceTypes(for: both, lowered: nil) == ["p5.48xlarge", "p5en.48xlarge"])
        let big = try #require(Self.pool([:], gpu: ["model": ["H100", "H200"], "count": 8, "memory_min_gib": 100]))
        #expect(OfferPlanner().instanceTypes(for: big, lowered: nil) == ["p5en.48xlarge"])
    }

    @Test func aMixedPoolSplitsItsNodesBetweenMarkets() throws {
        let pool = try #require(Self.pool(["markets": ["spot", "on-demand"], "spot_percent": 50, "on_demand_base": 2]))
        #expect(pool.split(market: "spot") == ["on-demand": 6, "spot": 4])
    }

    @Test func whatAFailureRulesOut() {
        let a = Offer(instanceType: "p5.48xlarge", region: "us-east-1", zone: "us-east-1a", market: "spot")
        let b = Offer(instanceType: "p5.48xlarge", region: "us-east-1", zone: "us-east-1b", market: "spot")
        let otherType = Offer(instanceType: "p5en.48xlarge", region: "us-east-1", zone: "us-east-1a", market: "on-demand")
        func memory(_ code: String) -> FailedOfferMemory {
            var memory = FailedOfferMemory()
            memory.record(a, error: ProviderError(.capacity, "no", providerCode: code), now: 0, ttl: 60)
            return memory
        }
        // A shortage rules out that offer only.
        let short = memory("InsufficientInstanceCapacity")
        #expect(short.blocking(a) != nil && short.blocking(b) == nil && short.blocking(otherType) == nil)
        // An exhausted quota rules out the market for that type in every zone.
        let quota = memory("QuotaExceeded")
        #expect(quota.blocking(a) != nil && quota.blocking(b) != nil && quota.blocking(otherType) == nil)
        // An answer Gantry cannot read blocks only the zone, for every type and market.
        let unknown = memory("SomethingOdd")
        #expect(unknown.blocking(a) != nil && unknown.blocking(otherType) != nil && unknown.blocking(b) == nil)
        // Entries expire.
        var expiring = short
        expiring.prune(now: 61)
        #expect(expiring.entries.isEmpty && expiring.metadataValue == nil)
    }
}
