import Foundation
import Testing
import GantryBasics

@Suite struct DiagnosticRendererTests {
    static let source = "project: x\nnode_pool:\n  a: {}\n"
    static let diagnostics: [Diagnostic] = [
        .error("unknown-key", "unknown section 'node_pool'", at: SourceLocation(file: "spec.yaml", line: 2, column: 1),
               path: "node_pool", expected: "one of: networks, node_pools", hint: "did you mean 'node_pools'?"),
        .warning("unused-variable", "variable 'x' is declared but never used",
                 at: SourceLocation(file: "spec.yaml", line: 1, column: 10)),
    ]

    @Test func textQuotesTheLineWithACaret() {
        let text = DiagnosticRenderer(format: .text, sources: ["spec.yaml": Self.source], readFilesFromDisk: false)
            .render(Self.diagnostics)
        #expect(text == """
        spec.yaml:1:10: warning: variable 'x' is declared but never used
         1 | project: x
           |          ^
        spec.yaml:2:1: error: unknown section 'node_pool'
         2 | node_pool:
           | ^~~~~~~~~
          path: node_pool
          expected: one of: networks, node_pools
          hint: did you mean 'node_pools'?
        1 error, 1 warning

        """)
    }

    @Test func textWithoutSourceOrLocation() {
        let text = DiagnosticRenderer(format: .text, readFilesFromDisk: false, includeSummary: false)
            .render([.error("missing-variable", "variable 'env' has no value", hint: "set it with --var env=…")])
        #expect(text == "error: variable 'env' has no value\n  hint: set it with --var env=…\n")
    }

    @Test func jsonIsFlatAndCounted() throws {
        let json = DiagnosticRenderer(format: .json).render(Self.diagnostics)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["errors"] as? Int == 1)
        #expect(object["warnings"] as? Int == 1)
        let first = try #require((object["diagnostics"] as? [[String: Any]])?.last)
        #expect(first["file"] as? String == "spec.yaml")
        #expect(first["line"] as? Int == 2)
        #expect(first["hint"] as? String == "did you mean 'node_pools'?")
    }

    @Test func githubAnnotationsEscapeTheirSyntax() {
        let d = Diagnostic.error("x", "50% done\nnext line", at: SourceLocation(file: "a,b:c.yaml", line: 3, column: 4))
        #expect(DiagnosticRenderer(format: .github).render([d])
                == "::error file=a%2Cb%3Ac.yaml,line=3,col=4,title=gantry%3A x::50%25 done%0Anext line\n")
        #expect(DiagnosticRenderer(format: .github).render([Self.diagnostics[1]])
                .hasPrefix("::warning file=spec.yaml,line=1,col=10,"))
    }
}
