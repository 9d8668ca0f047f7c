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
        XCTAssertEqual(json, #"{"nodes":[{"id":"subnet","level":1},{"id":"vpc","level":0},{"id":"say \"hi\"\\n","level":2}],"#
            + #""edges":[{"from":"subnet","to":"vpc"},{"from":"say \"hi\"\\n","to":"subnet"}]}"#)
    }

    func testJSONOfCyclicGraphHasNullLevels() {
        var g = Graph<Int>()
        g.addEdge(from: 1, to: 2)
        g.addEdge(from: 2, to: 1)
        XCTAssertEqual(GraphExport.json(g, label: { "n\($0)" }),
                       #"{"nodes":[{"id":"n1","level":null},{"id":"n2","level":null}],"edges":[{"from":"n1","to":"n2"},{"from":"n2","to":"n1"}]}"#)
    }

    func testJSONEscapesControlCharacters() {
        XCTAssertEqual(GraphExport.jsonQuoted("a\u{1}b\tc"), #""a\u0001b\tc""#)
    }
}
