import XCTest

/// Commands that only look: graph, catalog, state show.
final class InspectionTests: XCTestCase {
    var gantry: GantryBinary!
    var scratch: Scratch!

    override func setUpWithError() throws {
        gantry = try GantryBinary.locate()
        scratch = try Scratch()
    }

    private func edges(_ output: String) throws -> Set<String> {
        let document = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        let edges = try XCTUnwrap(document["edges"] as? [[String: Any]])
        return Set(edges.compactMap { edge in
            guard let from = edge["from"] as? String, let to = edge["to"] as? String else { return nil }
            return "\(from) -> \(to)"
        })
    }

    func testGraphOfItemsAndOfLoweredResources() throws {
        let dir = try scratch.copy(repositoryFolder: "Examples/quickstart", as: "qs")
        let items = try gantry.run(["graph", dir.path, "--format", "json"], in: scratch.url)
        XCTAssertEqual(items.exitCode, 0, items.transcript)
        XCTAssertTrue(try edges(items.output).contains("node_pools.l4-dev -> networks.main"), items.transcript)

        let lowered = try gantry.run(["graph", dir.path, "--lowered", "--format=json"], in: scratch.url)
        XCTAssertEqual(lowered.exitCode, 0, lowered.transcript)
        let loweredEdges = try edges(lowered.output)
        XCTAssertTrue(loweredEdges.contains("networks.main.sim_subnet.us-east-1a -> networks.main.sim_vpc.main"),
                      lowered.transcript)
        XCTAssertTrue(loweredEdges.contains("node_pools.l4-dev.sim_node_group.main -> "
                                            + "node_pools.l4-dev.sim_launch_template.main"), lowered.transcript)

        let dot = try gantry.run(["graph", dir.path], in: scratch.url)
        XCTAssertTrue(dot.output.hasPrefix("digraph"), dot.transcript)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent(".gantry/state.json").path),
                       "graph must not write state")
    }

    func testCatalogFiltersAndShowsItsDate() throws {
        let result = try gantry.run(["catalog", "--gpu", "H100", "--min-count", "8", "--provider", "aws"],
                                    in: scratch.url)
        XCTAssertEqual(result.exitCode, 0, result.transcript)
        XCTAssertTrue(result.output.contains("p5.48xlarge"), result.transcript)
        XCTAssertFalse(result.output.contains("g6.xlarge"), result.transcript)
        XCTAssertNotNil(result.output.range(of: #"catalog of \d{4}-\d{2}-\d{2}"#, options: .regularExpression),
                        result.transcript)

        let json = try gantry.run(["catalog", "--gpu", "L4", "--format", "json"], in: scratch.url)
        let document = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        XCTAssertNotNil(document["catalog_date"] as? String)
        XCTAssertFalse((document["instance_types"] as? [Any] ?? []).isEmpty)

        let typo = try gantry.run(["catalog", "--gpu", "H10"], in: scratch.url)
        XCTAssertEqual(typo.exitCode, 1)
        XCTAssertTrue(typo.errors.contains("Did you mean 'H100'?"), typo.transcript)
    }

    func testStateShowPrintsTheRecordAndSuggestsNearAddresses() throws {
        try scratch.write("spec/gantry.yaml", SpecFixtures.platform())
        XCTAssertEqual(try gantry.run(["apply", "spec", "--auto-approve"], in: scratch.url).exitCode, 0)
        let show = try gantry.run(["state", "show", "node_pools.pool-0.sim_node_group.main", "-C", "spec"],
                                  in: scratch.url)
        XCTAssertEqual(show.exitCode, 0, show.transcript)
        XCTAssertTrue(show.output.contains("type:     sim_node_group"), show.transcript)
        XCTAssertTrue(show.output.contains("\"desired_size\" : 1") || show.output.contains("\"desired_size\": 1"),
                      show.transcript)

        let missing = try gantry.run(["state", "show", "node_pools.pool-0.sim_node_group.mian", "-C", "spec"],
                                     in: scratch.url)
        XCTAssertEqual(missing.exitCode, 1, missing.transcript)
        XCTAssertTrue(missing.errors.contains("node_pools.pool-0.sim_node_group.main"),
                      "the message suggests the near address\n\(missing.transcript)")
    }

    func testStateMoveAndRemoveEditTheRecordOnly() throws {
        try scratch.write("spec/gantry.yaml", SpecFixtures.platform())
        XCTAssertEqual(try gantry.run(["apply", "spec", "--auto-approve"], in: scratch.url).exitCode, 0)
        let spec = scratch.url.appendingPathComponent("spec")
        let cloudBefore = try gantry.simAddresses(spec)

        let remove = try gantry.run(["state", "rm", "storage.artifacts", "-C", "spec"], in: scratch.url)
        XCTAssertEqual(remove.exitCode, 0, remove.transcript)
        XCTAssertFalse(try gantry.stateAddresses(spec).contains { $0.hasPrefix("storage.artifacts") })
        XCTAssertEqual(try gantry.simAddresses(spec), cloudBefore, "state rm must not touch the cloud")

        let move = try gantry.run(["state", "mv", "node_pools.pool-0", "node_pools.renamed", "-C", "spec"],
                                  in: scratch.url)
        XCTAssertEqual(move.exitCode, 0, move.transcript)
        XCTAssertTrue(try gantry.stateAddresses(spec).contains("node_pools.renamed.sim_node_group.main"))
    }

    func testImportBringsAForgottenResourceBack() throws {
        try scratch.write("spec/gantry.yaml", SpecFixtures.platform())
        XCTAssertEqual(try gantry.run(["apply", "spec", "--auto-approve"], in: scratch.url).exitCode, 0)
        let spec = scratch.url.appendingPathComponent("spec")
        let address = "storage.artifacts.sim_bucket.main"
        let list = try gantry.run(["sim", "list", "--type", "sim_bucket", "-C", "spec"], in: scratch.url)
        let id = try XCTUnwrap(list.output.split(separator: "\n").dropFirst().first?.split(separator: " ").first,
                               list.transcript)

        XCTAssertEqual(try gantry.run(["state", "rm", address, "-C", "spec"], in: scratch.url).exitCode, 0)
        XCTAssertEqual(try gantry.plannedActions(spec)[address], ["create"], "forgotten: plan would create it again")

        let imported = try gantry.run(["import", "spec", address, String(id)], in: scratch.url)
        XCTAssertEqual(imported.exitCode, 0, imported.transcript)
        XCTAssertTrue(try gantry.stateAddresses(spec).contains(address))
        XCTAssertNil(try gantry.plannedActions(spec)[address], "imported: nothing to do for it")

        let again = try gantry.run(["import", "spec", address, String(id)], in: scratch.url)
        XCTAssertEqual(again.exitCode, 1, "an address already managed is refused\n\(again.transcript)")
    }
}
