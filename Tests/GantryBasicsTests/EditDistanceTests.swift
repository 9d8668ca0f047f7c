import XCTest
import GantryBasics

/// XCTest on purpose: CI counts both XCTest and Swift Testing results.
final class EditDistanceTests: XCTestCase {
    func testDistances() {
        XCTAssertEqual(EditDistance.distance("kitten", "sitting"), 3)
        XCTAssertEqual(EditDistance.distance("node_pool", "node_pools"), 1)
        XCTAssertEqual(EditDistance.distance("nodes_pools", "node_pools"), 1)
        XCTAssertEqual(EditDistance.distance("netwokrs", "networks"), 1, "an adjacent swap costs one edit")
        XCTAssertEqual(EditDistance.distance("H100", "h100"), 0, "case is ignored")
        XCTAssertEqual(EditDistance.distance("", "abc"), 3)
    }

    func testSuggestions() {
        let sections = ["gantry", "project", "variables", "providers", "regions", "networks", "node_pools", "storage"]
        XCTAssertEqual(EditDistance.bestMatch(for: "node_pool", among: sections), "node_pools")
        XCTAssertEqual(EditDistance.bestMatch(for: "storag", among: sections), "storage")
        XCTAssertEqual(EditDistance.bestMatch(for: "h100", among: ["H100", "H200"]), "H100")
        XCTAssertNil(EditDistance.bestMatch(for: "banana", among: sections), "nothing close: no suggestion")
        XCTAssertEqual(EditDistance.hint(for: "--detailed-exitcod", among: ["--detailed-exitcode", "--json"]),
                       "did you mean '--detailed-exitcode'?")
    }
}
