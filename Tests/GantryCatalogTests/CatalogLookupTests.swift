import Testing
import GantryCatalog

@Suite struct CatalogLookupTests {
    let catalog = Catalog.embedded

    @Test func dateIsAnISODay() {
        let parts = catalog.date.split(separator: "-")
        #expect(parts.count == 3 && parts[0].count == 4 && parts[1].count == 2 && parts[2].count == 2)
    }

    @Test func requiredInstanceTypesArePresent() {
        let required: [(String, String)] = [
            ("aws", "p5.48xlarge"), ("aws", "p5e.48xlarge"), ("aws", "p5en.48xlarge"), ("aws", "p4d.24xlarge"),
            ("aws", "p4de.24xlarge"), ("aws", "g5.xlarge"), ("aws", "g5.12xlarge"), ("aws", "g5.48xlarge"),
            ("aws", "g6.xlarge"), ("aws", "g6.12xlarge"), ("aws", "g6.48xlarge"), ("aws", "g6e.xlarge"),
            ("aws", "g6e.12xlarge"), ("aws", "g6e.48xlarge"), ("gcp", "a3-highgpu-8g"), ("gcp", "a3-megagpu-8g"),
            ("gcp", "a2-highgpu-8g"), ("gcp", "a2-ultragpu-8g"), ("azure", "Standard_ND96isr_H100_v5"),
        ]
        for (provider, name) in required {
            #expect(catalog.instanceType(name, provider: provider) != nil, "\(provider) \(name) missing")
        }
    }

    @Test func p5FactsMatchThePublishedSpecification() throws {
        let p5 = try #require(catalog.instanceType("p5.48xlarge", provider: "aws"))
        #expect(p5.gpuModel == "H100")
        #expect(p5.gpuCount == 8)
        #expect(p5.gpuMemoryGiB == 80)
        #expect(p5.totalGPUMemoryGiB == 640)
        #expect(p5.vcpus == 192)
        #expect(p5.interconnect == Interconnect(fabric: .efa, bandwidthGbps: 3200, efaInterfaces: 32,
                                                nvlink: true, nvswitch: true))
        #expect(p5.regions.contains("us-east-1"))
        #expect(p5.price(in: "us-east-1")?.onDemandHourlyUSD == 55.04)
        #expect(p5.price(in: "eu-central-1") == nil)
    }

    @Test func capacityBlockOnlyTypeHasNoInventedPrice() throws {
        let p5e = try #require(catalog.instanceType("p5e.48xlarge", provider: "aws"))
        #expect(p5e.prices.values.allSatisfy { $0.onDemandHourlyUSD == nil })
    }

    @Test func unknownNamesAndWrongProviderGiveNothing() {
        #expect(catalog.instanceType("p5.48xlarge", provider: "gcp") == nil)
        #expect(catalog.instanceType("p9.huge", provider: "aws") == nil)
    }

    @Test func simProviderAnswersWithTheAWSEntries() throws {
        let aws = try #require(catalog.instanceType("p5.48xlarge", provider: "aws"))
        let sim = try #require(catalog.instanceType("p5.48xlarge", provider: "sim"))
        #expect(sim.provider == "sim")
        #expect(sim.regions == aws.regions)
        #expect(sim.prices == aws.prices)
        #expect(catalog.offers(gpu: "H100", count: 8, provider: "sim", region: "us-east-1").map(\.name) == ["p5.48xlarge"])
        #expect(catalog.isKnownRegion("eu-central-1", provider: "sim"))
        #expect(catalog.instanceTypeNames(provider: "sim") == catalog.instanceTypeNames(provider: "aws"))
    }

    @Test(arguments: [("h100", "H100"), ("H100-80GB", "H100"), ("A100-80GB", "A100-80GB"), ("a100 80gb", "A100-80GB"),
                      ("A100", "A100-40GB"), ("nvidia L40S", "L40S"), ("a10g", "A10G"), ("h200", "H200"), ("L4", "L4")])
    func gpuModelNamesAreForgiving(spelling: String, canonical: String) {
        #expect(catalog.gpuModel(spelling)?.name == canonical)
    }

    @Test func unknownGPUModelIsNil() {
        #expect(catalog.gpuModel("H1OO") == nil)
        #expect(catalog.knownGPUModelNames == ["H100", "H200", "A100-40GB", "A100-80GB", "A10G", "L4", "L40S"])
    }

    @Test func everyInstanceTypeUsesAKnownGPUModelAndKnownRegions() {
        for t in catalog.instanceTypes {
            #expect(catalog.gpuModel(t.gpuModel)?.name == t.gpuModel, "\(t.name): unknown model \(t.gpuModel)")
            #expect(catalog.gpuModel(t.gpuModel)?.memoryGiB == t.gpuMemoryGiB, "\(t.name): GPU memory differs from model")
            for region in t.regions {
                #expect(catalog.isKnownRegion(region, provider: t.provider), "\(t.name): unknown region \(region)")
            }
            for region in t.prices.keys {
                #expect(t.regions.contains(region), "\(t.name): price for \(region), where it is not offered")
            }
        }
    }

    @Test func everyFigureHasASource() {
        for t in catalog.instanceTypes {
            #expect(!t.sources.isEmpty, "\(t.provider) \(t.name) has no source")
            #expect(t.sources.contains { $0.hasPrefix("specs:") }, "\(t.name) has no specs source")
            #expect(t.sources.contains { $0.hasPrefix("regions:") }, "\(t.name) has no regions source")
            for (region, price) in t.prices {
                #expect(!price.source.isEmpty, "\(t.name) price in \(region) has no source")
            }
        }
        for m in catalog.gpuModels { #expect(!m.source.isEmpty) }
        for s in catalog.storagePrices { #expect(!s.source.isEmpty) }
    }
}
