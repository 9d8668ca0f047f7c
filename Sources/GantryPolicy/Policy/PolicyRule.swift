import GantryBasics

/// Whether a broken rule fails the gate (`error`) or is only reported (`warning`).
public enum PolicySeverity: String, Sendable, Hashable, CaseIterable, Comparable {
    case warning, error

    public static func < (lhs: PolicySeverity, rhs: PolicySeverity) -> Bool { lhs == .warning && rhs == .error }

    /// The diagnostic severity with the same meaning.
    public var diagnosticSeverity: Diagnostic.Severity { self == .error ? .error : .warning }
}

/// One rule of the gate: a built-in check (`budget.max_hourly`, `residency.gdpr`, …) or a
/// custom rule from `policies.rules`.
public struct PolicyRule: Sendable, Hashable {
    /// Stable id, used in reports: `budget.max_hourly`, `quotas.sim.H100`, `no-big-h100-pools`.
    public var id: String
    public var severity: PolicySeverity
    /// What the rule demands, in one line: `at most $900.00/h`.
    public var summary: String
    /// A page explaining the rule, when the spec gives one (`docs:`) or Docs/policy.md.
    public var helpURI: String?
    /// Where the rule is declared in the spec.
    public var location: SourceLocation?

    public init(id: String, severity: PolicySeverity, summary: String, helpURI: String? = nil,
                location: SourceLocation? = nil) {
        self.id = id
        self.severity = severity
        self.summary = summary
        self.helpURI = helpURI
        self.location = location
    }
}

/// One broken rule: which rule, which resource, and the line it is about.
public struct PolicyFinding: Sendable, Hashable {
    public var ruleID: String
    public var severity: PolicySeverity
    /// What is wrong, naming the figures: `planned cost $1,040.00/h exceeds the budget of $900.00/h`.
    public var message: String
    /// The item or resource at fault; nil for plan-wide rules such as the budget.
    public var address: ResourceAddress?
    /// The line the finding is about (the offending value, or the rule for plan-wide rules).
    public var location: SourceLocation?
    /// How to fix it.
    public var hint: String?

    public init(ruleID: String, severity: PolicySeverity, message: String, address: ResourceAddress? = nil,
                location: SourceLocation? = nil, hint: String? = nil) {
        self.ruleID = ruleID
        self.severity = severity
        self.message = message
        self.address = address
        self.location = location
        self.hint = hint
    }

    /// The finding as a diagnostic, for the text and GitHub renderers; the message starts
    /// with the rule id (`budget.max_hourly: planned cost …`) so every line names its rule.
    public var diagnostic: Diagnostic {
        Diagnostic(severity.diagnosticSeverity, code: ruleID, message: "\(ruleID): \(message)", location: location,
                   path: address?.rawValue, hint: hint)
    }
}

/// One rule checked against one subject (an item, or the whole plan): passed, or a finding.
///
/// JUnit reports list every check as a test case, so a passing rule is visible too.
public struct PolicyCheck: Sendable, Hashable {
    public var ruleID: String
    /// The item address, or `plan` for plan-wide rules.
    public var subject: String
    /// nil when the check passed.
    public var finding: PolicyFinding?

    public init(ruleID: String, subject: String, finding: PolicyFinding? = nil) {
        self.ruleID = ruleID
        self.subject = subject
        self.finding = finding
    }
}
