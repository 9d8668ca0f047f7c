import GantryBasics
import GantryCatalog
import GantryEngine
import GantryPolicy
import Testing

@Suite("Cost estimates from the catalog")
struct CostEstimatorTests {
    let catalog = Catalog.embedded

    @Test("a node pool costs desired nodes × the catalog's on-demand price in its region")
    func poolPriceMatchesCatalog() throws {
        let (spec, _) = try Fixtures.load(try Fixtures.policyExample(), variables: ["train_nodes": "16"])
        let estimate = CostEstimator().estimate(intents: spec.intents())
        let line = try #require(estimate.line(for: "node_pools.h100-train"))
        let cited = try #require(catalog.instanceType("p5.48xlarge", provider: "aws")?.price(in: "us-east-1")?.onDemandHourlyUSD)
        #expect(line.unitPrice?.dollars == cited)
        #expect(line.hourly == Money(microdollars: Int64((cited * 1_000_000).rounded()) * 16))
        #expect(line.hourly?.description == "$880.64")
        #expect(line.monthly?.description == "$642867.20")   // × 730 h
        #expect(line.hourlyRange == Money.dollars(0)...Money(microdollars: 55_040_000 * 16))
        #expect(line.priceSource?.contains("datareceipts") == true)
        #expect(estimate.catalogDate == catalog.date)
    }

    @Test("every priced AWS type is costed at exactly its cited price", arguments: ["us-east-1", "eu-central-1"])
    func everyTypeMatches(region: String) {
        let estimator = CostEstimator()
        for type in catalog.instanceTypes where type.provider == "aws" {
            guard let cited = type.price(in: region)?.onDemandHourlyUSD else { continue }
            let item = IntentItem(address: ResourceAddress("node_pools.\(type.name)"), kind: "node_pools", name: type.name,
                                  region: region, provider: "sim",
                                  attributes: ["instance_type": .string(type.name), "nodes": ["min": 1, "desired": 3, "max": 3]])
            let line = estimator.estimate(intents: [item]).lines[0]
            #expect(line.unitPrice?.dollars == cited, "\(type.name) in \(region)")
            #expect(line.hourly?.microdollars == Int64((cited * 1_000_000).rounded()) * 3, "\(type.name)")
        }
    }

    @Test("spot pools use the catalog's spot figure, or on-demand with a note when there is none")
    func spotPricing() {
        let estimator = CostEstimator()
        let spot = IntentItem(address: "node_pools.serve", kind: "node_pools", name: "serve", region: "eu-central-1", provider: "sim",
                              attributes: ["instance_type": "g6e.xlarge", "nodes": ["desired": 2], "capacity": ["market": "spot"]])
        let line = estimator.estimate(intents: [spot]).lines[0]
        #expect(line.unitPrice == Money(microdollars: 677_100))
        #expect(line.note == nil)
        let noSpot = IntentItem(address: "node_pools.train", kind: "node_pools", name: "train", region: "us-east-1", provider: "sim",
                                attributes: ["instance_type": "p5.48xlarge", "nodes": ["desired": 1], "capacity": ["market": "spot"]])
        let fallback = estimator.estimate(intents: [noSpot]).lines[0]
        #expect(fallback.unitPrice == Money.dollars(55, cents: 4))
        #expect(fallback.note?.contains("priced on-demand") == true)
    }

    @Test("storage costs GiB × the tier's price per GiB-month")
    func storagePricing() throws {
        let (spec, _) = try Fixtures.load(try Fixtures.policyExample())
        let estimate = CostEstimator().estimate(intents: spec.intents())
        let lustre = try #require(estimate.line(for: "storage.datasets"))
        #expect(lustre.unitPrice == CostEstimatorTests.storagePrice(catalog, tier: .hot, filesystem: "lustre", throughput: 250))
        #expect(lustre.monthly?.description == "$2580.48")   // 12 TiB = 12288 GiB × $0.21
        let bucket = try #require(estimate.line(for: "storage.customer-records"))
        #expect(bucket.monthly?.description == "$25.60")      // 2048 GiB × $0.0125 (S3 Standard-IA)
        #expect(bucket.note?.contains("us-east-1 rates") == true)
    }

    @Test("a plan's delta is planned minus current, per item and in total")
    func planDelta() {
        let plan = Plan(stateSerial: 3, stateLineage: "l", changes: [
            Fixtures.nodeGroup("node_pools.train", region: "us-east-1", type: "p5.48xlarge", before: 2, after: 9),
            Fixtures.nodeGroup("node_pools.old", region: "us-east-1", type: "g6.xlarge", before: 1, after: nil),
        ])
        let cost = CostEstimator().compare(plan)
        #expect(cost.current.hourly == Money(microdollars: 2 * 55_040_000 + 804_800))
        #expect(cost.planned.hourly == Money(microdollars: 9 * 55_040_000))
        #expect(cost.hourlyDelta.signedDescription == "+$384.48")   // +7 × 55.04 − 0.8048
        let removed = cost.rows.first { $0.address == "node_pools.old" }
        #expect(removed?.planned == nil)
        #expect(removed?.hourlyDelta.signedDescription == "-$0.80")
    }

    @Test("amounts print to the cent with separators")
    func moneyText() {
        #expect(Money(microdollars: 412_800_000).signedDescription == "+$412.80")
        #expect(Money(microdollars: 648_870_704_000).centsDescription == "$648,870.70")
        #expect(Money(microdollars: -1_012_000_000).signedDescription == "-$1,012.00")
        #expect(Money(microdollars: 4_999).signedDescription == "$0.00")
    }

    static func storagePrice(_ catalog: Catalog, tier: StoragePrice.Tier, filesystem: String, throughput: Int) -> Money? {
        catalog.storagePrices(provider: "sim", tier: tier, filesystem: filesystem, throughputPerTiB: throughput).first
            .map { Money(microdollars: Int64(($0.usdPerGiBMonth * 1_000_000).rounded())) }
    }
}
