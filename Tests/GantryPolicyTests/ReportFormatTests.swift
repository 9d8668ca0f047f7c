import Foundation
import GantryBasics
import GantryPolicy
import XCTest

/// The CI formats, checked by real consumers: the published SARIF schema and junitparser.
final class ReportFormatTests: XCTestCase {
    /// The example with the budget broken (error) and the custom rule's warning.
    private func failingReport() throws -> (PolicyReport, [String: String]) {
        let (spec, sources) = try Fixtures.load(try Fixtures.policyExample(), variables: ["train_nodes": "16"])
        return (PolicyGate(spec: spec, sources: sources).check(plan: nil), sources)
    }

    private func write(_ text: String, _ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("gantry-policy-\(UUID().uuidString)-\(name)")
        try text.write(to: url, atomically: true, encoding: .utf8)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    func testSARIFValidatesAgainstThePublishedSchema() throws {
        let (report, sources) = try failingReport()
        let sarif = PolicyReportRenderer(sources: sources).render(report, format: .sarif)
        let file = try write(sarif, "report.sarif")
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            document = json.load(open(sys.argv[2]))
            jsonschema.Draft4Validator.check_schema(schema)
            jsonschema.validate(document, schema, cls=jsonschema.Draft4Validator)
            results = document["runs"][0]["results"]
            print(len(results), results[0]["ruleId"], results[0]["locations"][0]["physicalLocation"]["region"]["startLine"])
            """
        let run = try Python.run(script, [Fixtures.sarifSchema.path, file.path])
        XCTAssertEqual(run.status, 0, "SARIF did not validate (needs `pip install jsonschema`):\n\(run.output)")
        let budgetLine = try XCTUnwrap(try Fixtures.policyExample().split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.contains("max_hourly_usd: 800") }) + 1
        XCTAssertEqual(run.output.trimmingCharacters(in: .whitespacesAndNewlines), "3 budget.max_hourly \(budgetLine)")
    }

    func testJUnitIsReadByJunitparser() throws {
        let (report, _) = try failingReport()
        let xml = PolicyReportRenderer().render(report, format: .junit)
        let file = try write(xml, "report.xml")
        let script = """
            import sys
            from junitparser import JUnitXml, Failure
            xml = JUnitXml.fromfile(sys.argv[1])
            cases = [(suite.name, case.name, case) for suite in xml for case in suite]
            failed = sorted(f"{s}/{n}" for s, n, c in cases if any(isinstance(r, Failure) for r in c.result))
            warned = sorted(f"{s}/{n}" for s, n, c in cases if c.system_out and "warning" in c.system_out)
            print(len(cases)); print(",".join(failed)); print(",".join(warned))
            """
        let run = try Python.run(script, [file.path])
        XCTAssertEqual(run.status, 0, "junitparser could not read the report (needs `pip install junitparser`):\n\(run.output)")
        let lines = run.output.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, String(report.checks.count))
        XCTAssertEqual(lines.dropFirst().first, "budget.max_hourly/plan,budget.max_increase_hourly/plan")
        XCTAssertEqual(lines.dropFirst(2).first, "on-demand-h100/node_pools.h100-train")
    }

    func testGitHubAnnotationsCarryFileLineAndRule() throws {
        let (report, _) = try failingReport()
        let text = PolicyReportRenderer().render(report, format: .github)
        XCTAssertTrue(text.contains("::error file=infra/gantry.yaml,line="), text)
        XCTAssertTrue(text.contains("title=gantry%3A budget.max_hourly::budget.max_hourly: planned cost $888.86/h"), text)
        XCTAssertTrue(text.contains("::warning file=infra/gantry.yaml"), text)
        XCTAssertTrue(text.hasSuffix("::notice title=gantry policy::Policy check FAILED: 2 errors, 1 warning (8 rules, 13 checks).\n"), text)
    }

    func testJSONReportNamesRuleAddressAndLocation() throws {
        let (report, _) = try failingReport()
        let value = PolicyReportRenderer().json(report)
        XCTAssertEqual(value["passed"], false)
        XCTAssertEqual(value["errors"], 2)
        let first = try XCTUnwrap(value["findings"]?.arrayValue?.first)
        XCTAssertEqual(first["rule"], "budget.max_hourly")
        XCTAssertEqual(first["address"], "node_pools.h100-train")
        XCTAssertEqual(first["location"]?["file"], "infra/gantry.yaml")
        XCTAssertEqual(value["cost"]?["planned"]?["hourly_usd"]?.doubleValue ?? 0, 888.863972, accuracy: 0.000001)
    }

    func testMarkdownCommentStaysUnderTheLimitAndCutsBetweenRows() throws {
        // 400 pools, each breaking two rules: far more than one comment can hold.
        var text = try Fixtures.policyExample()
        var pools = ""
        for i in 0..<400 {
            pools += "  pool-with-a-rather-long-name-\(i):\n    network: serve\n    gpu: { type: g6e.xlarge }\n"
                + "    nodes: { min: 1, max: 4, desired: 1 }\n    labels: { team: serving }\n"
        }
        text = text.replacingOccurrences(of: "  l40s-serve:\n", with: pools + "  l40s-serve:\n")
        text = text.replacingOccurrences(of: "gpu_models: [H100, L40S, L4]", with: "gpu_models: [H100]")
        let (spec, sources) = try Fixtures.load(text)
        let report = PolicyGate(spec: spec, sources: sources).check(plan: nil)
        XCTAssertGreaterThan(report.findings.count, 800)
        let comment = PolicyReportRenderer().render(report, format: .markdown)
        XCTAssertLessThan(comment.utf8.count, 65_536)
        XCTAssertTrue(comment.contains("more findings not shown"), String(comment.suffix(500)))
        // Every table row is whole: starts and ends with a pipe.
        for line in comment.split(separator: "\n") where line.hasPrefix("|") {
            XCTAssertTrue(line.hasSuffix("|"), "cut inside a row: \(line)")
        }
        XCTAssertTrue(comment.hasPrefix("## ❌ Gantry: gated-platform"))
    }

    func testTextReportQuotesTheLineAndEndsWithTheVerdict() throws {
        let (report, sources) = try failingReport()
        let text = PolicyReportRenderer(sources: sources).render(report, format: .text)
        XCTAssertTrue(text.contains("infra/gantry.yaml:"), text)
        XCTAssertTrue(text.contains("    max_hourly_usd: 800"), text)
        XCTAssertTrue(text.hasSuffix("Policy check FAILED: 2 errors, 1 warning (8 rules, 13 checks).\n"), text)
    }
}
