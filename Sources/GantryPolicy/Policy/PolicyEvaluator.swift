import GantryBasics
import GantryCatalog

/// Checks a `PolicySet` against planned items and their cost, one check per rule × subject.
///
/// ```swift
/// let (policies, problems) = PolicySet.parse(spec.policies, sources: map)
/// let report = PolicyEvaluator().evaluate(policies, input: input)
/// report.passed    // false when an error-level rule is broken
/// ```
public struct PolicyEvaluator: Sendable {
    public init() {}

    /// Runs every rule. Rules are checked in a fixed order (budget, quotas, residency,
    /// allowed, required labels/tags, custom rules), subjects in spec order.
    public func evaluate(_ policies: PolicySet, input: PolicyInput) -> PolicyReport {
        var run = Run(policies: policies, input: input)
        run.budget()
        run.quotas()
        run.residency()
        run.allowed()
        run.requiredKeys()
        run.customRules()
        var report = PolicyReport(project: input.project, rules: run.rules, checks: run.checks, cost: input.cost)
        report.planSummary = input.plan?.summary
        return report
    }

    /// The state of one evaluation: rules declared so far and checks made.
    struct Run {
        let policies: PolicySet
        let input: PolicyInput
        var rules: [PolicyRule] = []
        var checks: [PolicyCheck] = []

        init(policies: PolicySet, input: PolicyInput) {
            self.policies = policies
            self.input = input
        }

        var sources: SpecSourceMap { input.sources }

        mutating func declare(_ id: String, _ severity: PolicySeverity, _ summary: String, docs: String?, anchor: String,
                              at location: SourceLocation?) {
            rules.append(PolicyRule(id: id, severity: severity, summary: summary,
                                    helpURI: docs ?? PolicyDocs.url(anchor: anchor), location: location))
        }

        mutating func pass(_ rule: String, _ subject: String) {
            checks.append(PolicyCheck(ruleID: rule, subject: subject))
        }

        mutating func fail(_ rule: String, _ subject: String, _ severity: PolicySeverity, _ message: String,
                           address: ResourceAddress?, at location: SourceLocation?, hint: String? = nil) {
            checks.append(PolicyCheck(ruleID: rule, subject: subject, finding: PolicyFinding(
                ruleID: rule, severity: severity, message: message, address: address, location: location, hint: hint)))
        }

        func items(_ kind: String) -> [IntentItem] { input.intents.filter { $0.kind == kind } }

        /// Where an item's region is written: the element equal to `region` in its region
        /// list, else its `region:`, else (pools) `capacity.regions` or `network`, else the item.
        func regionLocation(of item: IntentItem, region: String) -> SourceLocation? {
            let path = SpecSourceMap.itemPath(item.address)
            for key in ["region", "regions", "capacity.regions"] {
                if let location = sources.location(of: "\(path).\(key)", value: region) { return location }
            }
            return sources.location(of: "\(path).network") ?? item.location ?? sources.keyLocation(of: path)
        }

        /// Where `key` (dotted) of an item is written, else the item.
        func location(of item: IntentItem, _ keys: String...) -> SourceLocation? {
            let path = SpecSourceMap.itemPath(item.address)
            return sources.firstLocation(keys.map { "\(path).\($0)" }) ?? item.location ?? sources.keyLocation(of: path)
        }
    }
}
