import GantryBasics
import GantryEngine
import GantryPolicy
import GantrySpec
import Testing

@Suite("Policies")
struct PolicyEvaluatorTests {
    /// The example spec, optionally edited, checked without a plan (the spec as declared).
    func check(_ edit: (String) -> String = { $0 }, variables: [String: String] = [:]) throws -> PolicyReport {
        let (spec, sources) = try Fixtures.load(edit(try Fixtures.policyExample()), variables: variables)
        return PolicyGate(spec: spec, sources: sources).check(plan: nil)
    }

    /// The 1-based line of the first line of the example that contains `text`, after `edit`.
    func line(of text: String, _ edit: (String) -> String = { $0 }) throws -> Int {
        let lines = edit(try Fixtures.policyExample()).split(separator: "\n", omittingEmptySubsequences: false)
        return try #require(lines.firstIndex { $0.contains(text) }) + 1
    }

    @Test("the example passes, with the warning-level custom rule reported")
    func examplePassesWithWarning() throws {
        let report = try check()
        #expect(report.passed)
        #expect(report.errorCount == 0)
        #expect(report.warningCount == 1)
        let warning = try #require(report.findings.first)
        #expect(warning.ruleID == "on-demand-h100")
        #expect(warning.severity == .warning)
        #expect(warning.address == "node_pools.h100-train")
        #expect(warning.location?.line == (try line(of: "  h100-train:")))
        #expect(report.rule("on-demand-h100")?.helpURI?.hasSuffix("#custom-rules") == true)
    }

    @Test("raising cost beyond the budget fails, naming the budget and the new figure")
    func budgetExceeded() throws {
        let report = try check(variables: ["train_nodes": "16"])
        #expect(!report.passed)
        let finding = try #require(report.findings.first { $0.ruleID == "budget.max_hourly" })
        #expect(finding.severity == .error)
        #expect(finding.message.contains("$888.86/h"))
        #expect(finding.message.contains("max_hourly_usd: $800.00/h"))
        #expect(finding.location?.line == (try line(of: "max_hourly_usd: 800")))
        #expect(finding.address == "node_pools.h100-train")
        #expect(finding.hint?.contains("16 × p5.48xlarge on-demand at $55.04/h") == true)
    }

    @Test("the increase of a plan is checked against max_increase_hourly_usd")
    func increaseBudget() throws {
        let (spec, sources) = try Fixtures.load(try Fixtures.policyExample(), variables: ["train_nodes": "14"])
        let plan = Plan(stateSerial: 1, stateLineage: "x", changes: [
            Fixtures.nodeGroup("node_pools.h100-train", region: "us-east-1", type: "p5.48xlarge", before: 2, after: 14),
        ])
        let report = PolicyGate(spec: spec, sources: sources).check(plan: plan)
        let finding = try #require(report.findings.first { $0.ruleID == "budget.max_increase_hourly" })
        #expect(finding.message.contains("+$660.48/h"))   // 12 more nodes × $55.04
        #expect(report.findings.first { $0.ruleID == "budget.max_hourly" } == nil)   // 14 nodes: $770.56/h
    }

    @Test("GDPR data in a US region fails residency at the offending line, and so does a pool attached to it")
    func residency() throws {
        // us-east-1 marked as GDPR-capable passes the spec's own check; the policy wants the EU.
        let edit = { (text: String) in
            text.replacingOccurrences(of: "us-east-1: { residency: us }", with: "us-east-1: { residency: us, compliance: [gdpr] }")
                .replacingOccurrences(of: "    region: eu-central-1                      # GDPR data", with: "    region: us-east-1  # GDPR data")
                .replacingOccurrences(of: "    attach: [l40s-serve]", with: "    attach: [h100-train]")
        }
        let report = try check(edit)
        let finding = try #require(report.findings.first { $0.ruleID == "residency.gdpr" && $0.address == "storage.customer-records" })
        #expect(finding.location?.file == "infra/gantry.yaml")
        #expect(finding.location?.line == (try line(of: "region: us-east-1  # GDPR", edit)))
        #expect(finding.location?.column == 13)
        #expect(finding.message.contains("us-east-1 (residency us)"))
        #expect(finding.hint?.contains("eu-") == true)
        let pool = try #require(report.findings.first { $0.ruleID == "residency.gdpr" && $0.address == "node_pools.h100-train" })
        #expect(pool.message.contains("attaches gdpr storage storage.customer-records"))
        #expect(pool.location?.line == (try line(of: "    network: train", edit)))
        #expect(!report.passed)
    }

    @Test("allowed models, quotas and required labels name the item and its line")
    func allowedQuotaLabels() throws {
        let edit = { (text: String) in
            text.replacingOccurrences(of: "gpu_models: [H100, L40S, L4]", with: "gpu_models: [H100, L4]")
                .replacingOccurrences(of: "sim: { H100: 128 }", with: "sim: { H100: 8 }")
                .replacingOccurrences(of: "labels: { team: serving, cost-center: product }", with: "labels: { team: serving }")
        }
        let report = try check(edit)
        let model = try #require(report.findings.first { $0.ruleID == "allowed.gpu_models" })
        #expect(model.address == "node_pools.l40s-serve")
        #expect(model.location?.line == (try line(of: "gpu: { type: g6e.xlarge }", edit)))
        let quota = try #require(report.findings.first { $0.ruleID == "quotas.sim.H100" })
        #expect(quota.message.contains("16 H100 GPUs planned on sim, over the quota of 8"))
        #expect(quota.location?.line == (try line(of: "sim: { H100: 8 }", edit)))
        let labels = try #require(report.findings.first { $0.ruleID == "required_labels" })
        #expect(labels.message.contains("cost-center"))
        #expect(labels.address == "node_pools.l40s-serve")
    }

    @Test("a pool that fails over across regions is checked in each region it may land in")
    func failoverPoolAllowedRegions() throws {
        let edit = { (text: String) in
            text.replacingOccurrences(of: "    regions: [eu-central-1]\n    cidr: 10.30.0.0/16",
                                      with: "    regions: [eu-central-1, us-east-1]\n    cidr: 10.30.0.0/16")
                .replacingOccurrences(of: "    nodes: { min: 1, max: 4, desired: 2 }",
                                      with: "    nodes: { min: 1, max: 4, desired: 2 }\n    capacity: { regions: [eu-central-1, us-east-1] }")
                .replacingOccurrences(of: "    markets: [on-demand, spot]", with: "    markets: [on-demand, spot]\n    regions: [eu]")
        }
        let report = try check(edit)
        let allowed = try #require(report.findings.first { $0.ruleID == "allowed.regions" && $0.address == "node_pools.l40s-serve" })
        #expect(allowed.message.hasPrefix("node_pools.l40s-serve may land in us-east-1, which is not an allowed region"))
        let residency = try #require(report.findings.first { $0.ruleID == "residency.gdpr" && $0.address == "node_pools.l40s-serve" })
        #expect(residency.message.contains("us-east-1"))
    }

    @Test("mistakes in the policies section are findings with a location and a suggestion")
    func configurationProblems() throws {
        let edit = { (text: String) in
            text.replacingOccurrences(of: "max_hourly_usd: 800", with: "max_hourly_uds: 800")
                .replacingOccurrences(of: "item.gpu_model == 'H100' &&", with: "item.gpu_model == 'H100' &&&")
        }
        let report = try check(edit)
        let problems = report.findings.filter { $0.ruleID == "policies" }
        let typo = try #require(problems.first { $0.message.contains("max_hourly_uds") })
        #expect(typo.hint?.contains("max_hourly_usd") == true)
        #expect(typo.location?.line == (try line(of: "max_hourly_uds", edit)))
        #expect(problems.contains { $0.message.contains("rule 'on-demand-h100'") })
        #expect(!report.passed)
    }

    @Test("a spec that does not load becomes spec.* findings")
    func specProblems() throws {
        let text = try Fixtures.policyExample().replacingOccurrences(of: "region: eu-central-1                      # GDPR data",
                                                                     with: "region: us-east-1  # GDPR data")
        let result = SpecLoader(environment: [:]).load(files: [("infra/gantry.yaml", Array(text.utf8))])
        #expect(result.spec == nil)
        let report = PolicyReport.specProblems(result.diagnostics, project: "infra")
        let finding = try #require(report.findings.first { $0.ruleID == "spec.residency" })
        #expect(finding.location?.line == text.split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.contains("region: us-east-1  # GDPR") }.map { $0 + 1 })
        #expect(!report.passed)
    }

    @Test("custom rules see cost, action and GPU facts of each item")
    func customRuleFacts() throws {
        let edit = { (text: String) in
            text + """
                    - id: pricey
                      applies_to: node_pools
                      when: "item.hourly_usd > 100 && item.action == 'create' && item.gpus >= 16"
                      deny: "pools above $100/h need approval"

                """
        }
        let report = try check(edit)
        let finding = try #require(report.findings.first { $0.ruleID == "pricey" })
        #expect(finding.address == "node_pools.h100-train")
        #expect(finding.severity == .error)
        #expect(report.checks.filter { $0.ruleID == "pricey" }.count == 2)
    }

    @Test("a rule whose keys match no item says so once")
    func misspelledKey() throws {
        let edit = { (text: String) in
            text + """
                    - id: typo
                      when: "item.nodez.desired > 1"
                      deny: "never"

                """
        }
        let report = try check(edit)
        let warning = try #require(report.findings.first { $0.ruleID == "typo" })
        #expect(warning.severity == .warning)
        #expect(warning.message.contains("nodez"))
        #expect(report.passed)
    }
}
