import XCTest
@testable import GantryGraph

final class GraphExportTests: XCTestCase {
    func testDOTQuotesLabelsAndAttributes() {
        var g = Graph<String>()
        g.addEdge(from: #"pool "a""#, to: "vpc")
        let dot = GraphExport.dot(g, label: { $0 }, attributes: { $0 == "vpc" ? ["shape": "box", "label": #"v\p"#] : [:] })
        XCTAssertEqual(dot, """
            digraph gantry {
              rankdir=LR;
              "pool \\"a\\"";
              "vpc" [label="v\\\\p", shape="box"];
              "pool \\"a\\"" -> "vpc";
            }

            """)
    }

    func testJSONCarriesLevelsAndEscapes() {
        var g = Graph<String>()
        g.addEdge(from: "subnet", to: "vpc")
        g.addEdge(from: #"say "hi"\n"#, to: "subnet")
        let json = GraphExport.json(g, label: { $0 })
        XCTAssertEqual(json, #"{"edges":[{"from":"subnet","to":"vpc"},{"from":"say \"hi\"\\n","to":"subnet"}],"#
            + #""nodes":[{"id":"subnet","level":1},{"id":"vpc","level":0},{"id":"say \"hi\"\\n","level":2}]}"#)
    }

    func testJSONOfCyclicGraphHasNullLevels() {
        var g = Graph<Int>()
        g.addEdge(from: 1, to: 2)
        g.addEdge(from: 2, to: 1)
        XCTAssertEqual(GraphExport.json(g, label: { "n\($0)" }),
                       #"{"edges":[{"from":"n1","to":"n2"},{"from":"n2","to":"n1"}],"nodes":[{"id":"n1","level":null},{"id":"n2","level":null}]}"#)
    }

    func testJSONEscapesControlCharacters() {
        var g = Graph<String>()
        g.addNode("a\u{1}b\tc")
        XCTAssertEqual(GraphExport.json(g, label: { $0 }), #"{"edges":[],"nodes":[{"id":"a\u0001b\tc","level":0}]}"#)
    }
}
