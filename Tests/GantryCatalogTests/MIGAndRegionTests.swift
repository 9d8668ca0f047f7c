import XCTest
import GantryCatalog

final class MIGAndRegionTests: XCTestCase {
    let catalog = Catalog.embedded

    func testMIGTablesMatchNVIDIAProfiles() throws {
        let h100 = try XCTUnwrap(catalog.gpuModel("H100"))
        XCTAssertEqual(h100.migProfile("1g.10gb"), MIGProfile(name: "1g.10gb", computeSlices: 1, memorySlices: 1, maxInstances: 7))
        XCTAssertEqual(h100.migProfile("3G.40GB")?.maxInstances, 2)
        XCTAssertEqual(h100.migProfile("7g.80gb")?.memorySlices, 8)
        XCTAssertNil(h100.migProfile("1g.5gb"))

        let a100 = try XCTUnwrap(catalog.gpuModel("A100-40GB"))
        XCTAssertEqual(a100.migProfiles.map(\.name),
                       ["1g.5gb", "1g.5gb+me", "1g.10gb", "2g.10gb", "3g.20gb", "4g.20gb", "7g.40gb"])
        XCTAssertEqual(a100.migProfile("2g.10gb")?.maxInstances, 3)

        XCTAssertEqual(catalog.gpuModel("A100-80GB")?.migProfiles, h100.migProfiles)
        XCTAssertEqual(catalog.gpuModel("H200")?.migProfile("1g.18gb")?.maxInstances, 7)
        XCTAssertEqual(catalog.gpuModel("H200")?.migProfile("7g.141gb")?.computeSlices, 7)
        XCTAssertFalse(try XCTUnwrap(catalog.gpuModel("L4")).supportsMIG)
    }

    func testEveryMIGProfileFitsInOneGPU() {
        for model in catalog.gpuModels {
            for p in model.migProfiles {
                XCTAssertLessThanOrEqual(p.computeSlices * p.maxInstances, 7, "\(model.name) \(p.name)")
                XCTAssertLessThanOrEqual(p.memorySlices * p.maxInstances, 8, "\(model.name) \(p.name)")
            }
        }
    }

    func testResidencyKeepsEUApartFromUKAndSwitzerland() {
        XCTAssertTrue(Catalog.isEURegion("eu-central-1"))
        XCTAssertTrue(catalog.isEURegion("europe-west4"))
        XCTAssertTrue(catalog.isEURegion("swedencentral"))
        XCTAssertFalse(Catalog.isEURegion("eu-west-2"), "London is not in the EU")
        XCTAssertFalse(Catalog.isEURegion("eu-central-2"), "Zurich is not in the EU")
        XCTAssertFalse(Catalog.isEURegion("us-east-1"))
        XCTAssertFalse(Catalog.isEURegion("mars-north-1"))
        XCTAssertEqual(catalog.residency(ofRegion: "us-west-2"), "us")
        XCTAssertEqual(catalog.residency(ofRegion: "eu-north-1"), "eu")
        XCTAssertEqual(catalog.residency(ofRegion: "ap-northeast-1"), "apac")
        XCTAssertEqual(catalog.residency(ofRegion: "eu-west-2"), "uk")
        XCTAssertNil(catalog.residency(ofRegion: "nowhere-1"))
    }

    func testKnownRegionsArePerProvider() {
        XCTAssertTrue(catalog.isKnownRegion("us-east-1", provider: "aws"))
        XCTAssertFalse(catalog.isKnownRegion("us-east1", provider: "aws"))
        XCTAssertTrue(catalog.isKnownRegion("us-east1", provider: "gcp"))
        XCTAssertTrue(catalog.isKnownRegion("eastus", provider: "azure"))
        for region in ["us-east-1", "us-east-2", "us-west-2", "eu-central-1", "eu-west-1", "eu-north-1", "ap-northeast-1"] {
            XCTAssertTrue(catalog.regionIDs(provider: "aws").contains(region), region)
        }
    }
}
