import GantryBasics
import GantryCatalog
import GantryEngine
import GantrySpec

/// The CI gate in one call: price the plan, read the spec's policies, check them.
///
/// ```swift
/// let result = loader.load(path: "infra/")
/// let gate = PolicyGate(spec: spec, sources: result.sources)
/// let report = gate.check(plan: plan)
/// print(PolicyReportRenderer(sources: result.sources).render(report, format: .sarif))
/// exit(report.passed ? 0 : 1)
/// ```
public struct PolicyGate: Sendable {
    public var spec: Spec
    public var sourceMap: SpecSourceMap
    public var catalog: Catalog

    /// - Parameter sources: the spec's file texts by path (`SpecLoadResult.sources`).
    public init(spec: Spec, sources: [String: String], catalog: Catalog = .embedded) {
        self.spec = spec
        self.sourceMap = SpecSourceMap(sources: sources)
        self.catalog = catalog
    }

    /// The plan's cost against the state; without a plan, the spec as declared against nothing.
    public func cost(plan: Plan?) -> CostComparison {
        let estimator = CostEstimator(catalog: catalog)
        guard let plan else {
            return CostComparison(current: CostEstimate(lines: [], catalogDate: catalog.date),
                                  planned: estimator.estimate(intents: spec.intents()))
        }
        return estimator.compare(plan, intents: spec.intents())
    }

    /// Checks every policy of the spec against `plan` (or the spec alone). Problems in the
    /// `policies:` section itself are findings of the `policies` rule.
    public func check(plan: Plan?) -> PolicyReport {
        let (policies, problems) = PolicySet.parse(spec.policies, sources: sourceMap)
        let input = PolicyInput(project: spec.project, intents: spec.intents(), plan: plan, cost: cost(plan: plan),
                                sources: sourceMap, catalog: catalog)
        var report = PolicyEvaluator().evaluate(policies, input: input)
        if !problems.isEmpty {
            report.rules.insert(PolicyRule(id: "policies", severity: .error, summary: "the policies section is well-formed",
                                           helpURI: PolicyDocs.url(anchor: "reference"),
                                           location: sourceMap.keyLocation(of: "policies")), at: 0)
            let findings = problems.map { d in
                PolicyCheck(ruleID: "policies", subject: d.path ?? "policies", finding: PolicyFinding(
                    ruleID: "policies", severity: d.severity == .error ? .error : .warning,
                    message: d.message + (d.expected.map { " (expected \($0))" } ?? ""), address: nil,
                    location: d.location, hint: d.hint))
            }
            report.checks.insert(contentsOf: findings, at: 0)
        }
        return report
    }
}
