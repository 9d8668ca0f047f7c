import GantryBasics
import GantryEngine

/// Everything the gate found: the rules, each rule × subject check, and the cost it judged.
public struct PolicyReport: Sendable, Hashable {
    /// The project the spec names.
    public var project: String
    public var rules: [PolicyRule]
    /// Every check, in rule order then subject order.
    public var checks: [PolicyCheck]
    /// The cost the budget rules judged, when there was a plan to price.
    public var cost: CostComparison?
    /// What the plan changes, when there was a plan.
    public var planSummary: Plan.Summary?

    public init(project: String, rules: [PolicyRule] = [], checks: [PolicyCheck] = [], cost: CostComparison? = nil) {
        self.project = project
        self.rules = rules
        self.checks = checks
        self.cost = cost
    }

    /// A report for a spec that did not load: each error or warning becomes a finding of a
    /// `spec.CODE` rule, so CI formats show them like policy violations.
    public static func specProblems(_ diagnostics: [Diagnostic], project: String) -> PolicyReport {
        var report = PolicyReport(project: project)
        var seen = Set<String>()
        for d in diagnostics.sortedByLocation() where d.severity != .note {
            let id = "spec.\(d.code)"
            let severity: PolicySeverity = d.severity == .error ? .error : .warning
            if seen.insert(id).inserted {
                report.rules.append(PolicyRule(id: id, severity: severity, summary: "the spec must load without \(d.code) problems",
                                               helpURI: PolicyDocs.url(anchor: "spec-problems")))
            }
            var message = d.message
            if let expected = d.expected { message += " (expected \(expected))" }
            report.checks.append(PolicyCheck(ruleID: id, subject: d.path ?? "spec", finding: PolicyFinding(
                ruleID: id, severity: severity, message: message, address: d.path.map { ResourceAddress($0) },
                location: d.location, hint: d.hint)))
        }
        return report
    }

    /// Every finding, errors first, then by file, line and rule.
    public var findings: [PolicyFinding] {
        checks.compactMap(\.finding).sorted { a, b in
            if a.severity != b.severity { return a.severity > b.severity }
            let la = a.location, lb = b.location
            if la?.file != lb?.file { return (la?.file ?? "") < (lb?.file ?? "") }
            if la?.line != lb?.line { return (la?.line ?? 0) < (lb?.line ?? 0) }
            return a.ruleID < b.ruleID
        }
    }

    public var errorCount: Int { checks.filter { $0.finding?.severity == .error }.count }
    public var warningCount: Int { checks.filter { $0.finding?.severity == .warning }.count }
    /// True when no error-level rule is broken: the gate passes (warnings allowed).
    public var passed: Bool { errorCount == 0 }

    /// The rule with `id`.
    public func rule(_ id: String) -> PolicyRule? { rules.first { $0.id == id } }
}

/// Links into Docs/policy.md, the default documentation of built-in rules.
public enum PolicyDocs {
    /// The published policy guide; reports link each built-in rule to its section.
    public static let base = "https://github.com/gantry-dev/gantry/blob/main/Docs/policy.md"

    static func url(anchor: String) -> String { "\(base)#\(anchor)" }
}
