import Testing
import GantryCatalog

@Suite struct CatalogOfferTests {
    let catalog = Catalog.embedded

    @Test func offersMatchExactGPUCountCheapestFirst() {
        let oneL40S = catalog.offers(gpu: "l40s", count: 1, provider: "aws", region: "us-east-1")
        #expect(oneL40S.map(\.name) == ["g6e.xlarge"])
        let eightH200 = catalog.offers(gpu: "H200", count: 8, provider: "aws", region: nil)
        // p5en has a price, p5e (capacity blocks only) has none and comes last.
        #expect(eightH200.map(\.name) == ["p5en.48xlarge", "p5e.48xlarge"])
    }

    @Test func offersRespectTheRegion() {
        #expect(catalog.offers(gpu: "H100", count: 8, provider: "aws", region: "eu-central-1").isEmpty)
        #expect(catalog.offers(gpu: "H100", count: 8, provider: "aws", region: "eu-north-1").map(\.name) == ["p5.48xlarge"])
        #expect(catalog.offers(gpu: "H100", count: 8, provider: "gcp", region: "us-central1").map(\.name)
                == ["a3-highgpu-8g", "a3-megagpu-8g"])
        #expect(catalog.offers(gpu: "nope", count: 8, provider: "aws", region: nil).isEmpty)
        #expect(catalog.cheapestOffer(gpu: "L4", count: 8, provider: "aws", region: "eu-north-1")?.name == "g6.48xlarge")
        #expect(catalog.cheapestOffer(gpu: "L40S", count: 8, provider: "aws", region: "eu-west-1") == nil)
    }

    @Test func searchFiltersAndRanksByPrice() {
        let l4 = catalog.search(gpu: "L4", minCount: 4, region: "us-east-1", provider: "aws")
        // g6.48xlarge has a price in us-east-1, g6.12xlarge has none.
        #expect(l4.map(\.name) == ["g6.48xlarge", "g6.12xlarge"])
        let usEast = catalog.search(gpu: nil, minCount: 8, region: "us-east-1", provider: "aws")
        let prices = usEast.compactMap { $0.price(in: "us-east-1")?.onDemandHourlyUSD }
        #expect(prices == prices.sorted())
        #expect(usEast.first?.name == "g6.48xlarge")
        let allH100 = catalog.search(gpu: "H100", minCount: nil, region: nil, provider: nil)
        #expect(Set(allH100.map(\.provider)) == ["aws", "gcp", "azure"])
        #expect(catalog.search(gpu: "H100", minCount: nil, region: nil, provider: "sim").allSatisfy { $0.provider == "sim" })
    }

    @Test func storagePricesCoverEveryTierAndFlagUnverifiedFigures() {
        for tier in StoragePrice.Tier.allCases {
            #expect(!catalog.storagePrices(provider: "aws", tier: tier).isEmpty, "no \(tier) storage price")
        }
        let lustre250 = catalog.storagePrices(provider: "sim", tier: .hot, filesystem: "lustre", throughputPerTiB: 250)
        #expect(lustre250.count == 1)
        #expect(lustre250.first?.isUnverified == true)
    }
}
