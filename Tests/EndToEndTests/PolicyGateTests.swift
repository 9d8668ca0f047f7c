import Foundation
import XCTest

/// The CI gate as a pipeline runs it: cost, policy, fmt — on Examples/policy and the simulator.
final class PolicyGateTests: XCTestCase {
    var gantry: GantryBinary!
    var scratch: Scratch!
    var spec: URL!

    override func setUpWithError() throws {
        gantry = try GantryBinary.locate()
        scratch = try Scratch()
        spec = try scratch.copy(repositoryFolder: "Examples/policy", as: "infra")
    }

    private var specFile: URL { spec.appendingPathComponent("gantry.yaml") }

    private func edit(_ from: String, _ to: String) throws {
        let text = try String(contentsOf: specFile, encoding: .utf8)
        XCTAssertTrue(text.contains(from), "the example no longer contains \(from)")
        try text.replacingOccurrences(of: from, with: to).write(to: specFile, atomically: true, encoding: .utf8)
    }

    private func line(of text: String) throws -> Int {
        let lines = try String(contentsOf: specFile, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        return try XCTUnwrap(lines.firstIndex { $0.contains(text) }) + 1
    }

    func testAChangeBeyondTheBudgetFailsNamingTheBudgetAndTheNewFigure() throws {
        let apply = try gantry.run(["apply", "infra", "--auto-approve"], in: scratch.url)
        XCTAssertEqual(apply.exitCode, 0, apply.transcript)

        let within = try gantry.run(["policy", "infra"], in: scratch.url)
        XCTAssertEqual(within.exitCode, 0, within.transcript)

        let over = try gantry.run(["policy", "infra", "--var", "train_nodes=16"], in: scratch.url)
        XCTAssertEqual(over.exitCode, 1, over.transcript)
        XCTAssertTrue(over.output.contains("infra/gantry.yaml:\(try line(of: "max_hourly_usd: 800")):21: error: budget.max_hourly: "
                                           + "planned cost $888.86/h, over the budget max_hourly_usd: $800.00/h"), over.transcript)
        // Against the applied state (2 nodes), the change adds 14 × $55.04 = $770.56/h.
        XCTAssertTrue(over.output.contains("budget.max_increase_hourly: this change adds +$770.56/h, over the budget "
                                           + "max_increase_hourly_usd: $600.00/h"), over.transcript)
        XCTAssertTrue(over.output.contains("Policy check FAILED: 2 errors"), over.transcript)
    }

    func testAWarningLevelRulePassesWithAWarning() throws {
        let result = try gantry.run(["policy", "infra"], in: scratch.url)
        XCTAssertEqual(result.exitCode, 0, result.transcript)
        XCTAssertTrue(result.output.contains("warning: on-demand-h100: node_pools.h100-train: on-demand H100 capacity is scarce"),
                      result.transcript)
        XCTAssertTrue(result.output.contains("Policy check passed: 0 errors, 1 warning"), result.transcript)
    }

    func testAGDPRBucketMovedToUSEast1FailsResidencyAtTheOffendingLine() throws {
        try edit("    region: eu-central-1                      # GDPR data", "    region: us-east-1                         # GDPR data")
        let regionLine = try line(of: "region: us-east-1                         # GDPR")
        let text = try gantry.run(["policy", "infra"], in: scratch.url)
        XCTAssertEqual(text.exitCode, 1, text.transcript)
        XCTAssertTrue(text.errors.contains("infra/gantry.yaml:\(regionLine):13: error: storage.customer-records is GDPR-bound"),
                      text.transcript)

        // In the CI formats the same finding carries the rule, the resource and the line.
        let sarif = try gantry.run(["policy", "infra", "--format", "sarif"], in: scratch.url)
        XCTAssertEqual(sarif.exitCode, 1, sarif.transcript)
        XCTAssertTrue(sarif.output.contains("\"ruleId\" : \"spec.residency\"") || sarif.output.contains("\"ruleId\": \"spec.residency\""),
                      sarif.transcript)
        XCTAssertTrue(sarif.output.contains("\"startLine\" : \(regionLine)") || sarif.output.contains("\"startLine\": \(regionLine)"),
                      sarif.transcript)

        // When the spec itself allows us-east-1 for GDPR data, the policy still keeps it in the EU.
        try edit("us-east-1: { residency: us }", "us-east-1: { residency: us, compliance: [gdpr] }")
        try edit("    attach: [l40s-serve]\n", "")
        let policy = try gantry.run(["policy", "infra", "--format", "github"], in: scratch.url)
        XCTAssertEqual(policy.exitCode, 1, policy.transcript)
        XCTAssertTrue(policy.output.contains("::error file=infra/gantry.yaml,line=\(try line(of: "region: us-east-1                         # GDPR")),col=13,"
                                             + "title=gantry%3A residency.gdpr::residency.gdpr: storage.customer-records holds gdpr data "
                                             + "but is in us-east-1 (residency us)"), policy.transcript)
    }

    func testPolicyOnASavedJSONPlanAndReportsToFiles() throws {
        let plan = try gantry.run(["plan", "infra", "--json", "--var", "train_nodes=16"], in: scratch.url)
        XCTAssertEqual(plan.exitCode, 0, plan.transcript)
        try scratch.write("plan.json", plan.output)
        let junit = try gantry.run(["policy", "infra", "--plan", "plan.json", "--format", "junit", "--output", "report.xml"],
                                   in: scratch.url)
        XCTAssertEqual(junit.exitCode, 1, junit.transcript)
        XCTAssertTrue(junit.errors.contains("Policy check FAILED"), junit.transcript)
        let xml = try String(contentsOf: scratch.url.appendingPathComponent("report.xml"), encoding: .utf8)
        XCTAssertTrue(xml.contains("<testsuite name=\"budget.max_hourly\" tests=\"1\" failures=\"1\""), xml)

        let bad = try gantry.run(["policy", "infra", "--plan", "infra/gantry.yaml"], in: scratch.url)
        XCTAssertEqual(bad.exitCode, 1, bad.transcript)
        XCTAssertTrue(bad.errors.hasPrefix("error: "), bad.transcript)
        XCTAssertTrue(bad.errors.contains("not JSON"), bad.transcript)
    }

    func testCostShowsCatalogPricesAndTheDeltaAgainstState() throws {
        let first = try gantry.run(["cost", "infra", "--format", "json"], in: scratch.url)
        XCTAssertEqual(first.exitCode, 0, first.transcript)
        XCTAssertTrue(first.output.contains("\"unit_price_usd\" : 55.04") || first.output.contains("\"unit_price_usd\": 55.04"),
                      first.transcript)

        XCTAssertEqual(try gantry.run(["apply", "infra", "--auto-approve"], in: scratch.url).exitCode, 0)
        let text = try gantry.run(["cost", "infra", "--var", "train_nodes=4"], in: scratch.url)
        XCTAssertEqual(text.exitCode, 0, text.transcript)
        XCTAssertTrue(text.output.contains("GPU catalog of "), text.transcript)
        XCTAssertTrue(text.output.contains("4 × p5.48xlarge on-demand at $55.04/h"), text.transcript)
        XCTAssertTrue(text.output.contains("Change: +$110.08/h"), text.transcript)

        let markdown = try gantry.run(["cost", "infra", "--format", "markdown"], in: scratch.url)
        XCTAssertTrue(markdown.output.hasPrefix("### Cost: $0.00/h"), markdown.transcript)
    }

    func testFmtCheckFailsWithADiffAndFmtFixesIt() throws {
        let clean = try gantry.run(["fmt", "--check", "infra"], in: scratch.url)
        XCTAssertEqual(clean.exitCode, 0, "the example is canonical\n\(clean.transcript)")

        try edit("gantry: 1\nproject: gated-platform\n", "project: gated-platform\ngantry: 1\n")
        let check = try gantry.run(["fmt", "--check", "infra"], in: scratch.url)
        XCTAssertEqual(check.exitCode, 1, check.transcript)
        XCTAssertTrue(check.output.hasPrefix("--- infra/gantry.yaml\n+++ infra/gantry.yaml (formatted)\n"), check.transcript)
        XCTAssertTrue(check.output.contains("\n+gantry: 1\n"), check.transcript)

        let fix = try gantry.run(["fmt", "infra"], in: scratch.url)
        XCTAssertEqual(fix.exitCode, 0, fix.transcript)
        XCTAssertEqual(try gantry.run(["fmt", "--check", "infra"], in: scratch.url).exitCode, 0)
        XCTAssertEqual(try gantry.run(["validate", "infra"], in: scratch.url).exitCode, 0)
    }
}
