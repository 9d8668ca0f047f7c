import GantryBasics
import GantryCatalog
import Testing

/// The one MIG layout type the validator and both lowerings use.
@Suite struct MIGLayoutTests {
    let h100 = Catalog.embedded.gpuModel("H100")

    @Test func aUniformProfileFillsEveryGPU() throws {
        let gpu = try #require(h100)
        let layout = try #require(MIGLayout.read(["profile": "1g.10gb"], gpu: gpu))
        #expect(layout.fitProblems(on: gpu).isEmpty)
        #expect(layout.nodeLabel == "all-1g.10gb")
        #expect(layout.perNode(gpus: 8) == ["1g.10gb": 56])
        #expect(layout.bootScript == ["nvidia-smi -mig 1", "nvidia-smi mig -cgi "
                                      + Array(repeating: "1g.10gb", count: 7).joined(separator: ",") + " -C"])
    }

    @Test func aMixedLayoutIsReadFromEitherSpelling() throws {
        let gpu = try #require(h100)
        let map = MIGLayout.read(["3g.40gb": 1, "2g.20gb": 1, "1g.10gb": 2], gpu: gpu)
        let list = MIGLayout.read(["layout": [["profile": "3g.40gb"], ["profile": "2g.20gb"],
                                              ["profile": "1g.10gb", "count": 2]]], gpu: gpu)
        #expect(map?.perGPU == list?.perGPU)
        #expect(map?.nodeLabel == "custom-2x1g.10gb-1x2g.20gb-1x3g.40gb")
        #expect(map.map { $0.fitProblems(on: gpu) } == [])
    }

    @Test func problemsNameWhatDoesNotFit() throws {
        let gpu = try #require(h100)
        #expect(MIGLayout([("3g.40gb", 2), ("2g.20gb", 1)]).fitProblems(on: gpu).map(\.description)
                == ["MIG layout needs 8 compute slices (3g.40gb ×2 = 6, 2g.20gb ×1 = 2), one H100 has 7"])
        #expect(MIGLayout([("1g.20gb", 4), ("1g.10gb", 1)]).fitProblems(on: gpu).map(\.description)
                == ["MIG layout needs 9 memory slices (1g.20gb ×4 = 8, 1g.10gb ×1 = 1), one H100 has 8"])
        #expect(MIGLayout([("4g.40gb", 2)]).fitProblems(on: gpu).map(\.description)
                == ["2 × 4g.40gb exceeds the 1 instances one H100 can hold"])
        let l4 = try #require(Catalog.embedded.gpuModel("L4"))
        #expect(MIGLayout([("1g.10gb", 1)]).fitProblems(on: l4) == [.unsupported(gpu: "L4")])
        let (layout, problems) = MIGLayout.checked(["9g.1gb": 1], gpu: gpu)
        #expect(layout == nil)
        #expect(problems.map(\.code) == ["invalid-mig-profile"])
        #expect(problems.map(\.path) == ["mig.9g.1gb"])
    }
}
