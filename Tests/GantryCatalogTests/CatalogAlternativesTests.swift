import Testing
import GantryCatalog

/// `gpu: { model: [H100, H200], count: 8, memory: 80GB+ }` resolved to instance types.
@Suite struct CatalogAlternativesTests {
    let catalog = Catalog.embedded

    @Test func alternativesAreMergedAndRankedByPrice() {
        let names = catalog.offers(gpus: ["H100", "h200"], count: 8, minMemoryGiB: nil, provider: "sim",
                                   region: "us-east-1").map(\.name)
        #expect(names.first == "p5.48xlarge")
        #expect(names.contains("p5en.48xlarge"))
        let prices = catalog.offers(gpus: ["H100", "H200"], count: 8, minMemoryGiB: nil, provider: "aws",
                                    region: "us-east-1").compactMap { $0.price(in: "us-east-1")?.onDemandHourlyUSD }
        #expect(prices == prices.sorted())
    }

    @Test func memoryLeavesOutSmallerGPUs() {
        let offers = catalog.offers(gpus: ["H100", "H200"], count: 8, minMemoryGiB: 100, provider: "aws",
                                    region: "us-east-1")
        #expect(!offers.isEmpty)
        #expect(offers.allSatisfy { $0.gpuModel == "H200" && $0.gpuMemoryGiB >= 100 })
        // `sim` asks for AWS data and gets it under its own name.
        #expect(catalog.offers(gpus: ["H100"], count: 8, minMemoryGiB: 80, provider: "sim", region: "us-east-1")
            .allSatisfy { $0.provider == "sim" })
    }

    @Test func unknownModelsMatchNothing() {
        #expect(catalog.offers(gpus: ["H2000"], count: 8, minMemoryGiB: nil, provider: "aws", region: "us-east-1").isEmpty)
    }
}
