/// The output formats of `gantry policy` and `gantry cost`.
public enum ReportFormat: String, Sendable, CaseIterable {
    /// For people: findings with their source lines, cost tables.
    case text
    /// For tools: one JSON document.
    case json
    /// GitHub Actions workflow annotations (`::error file=…,line=…::…`).
    case github
    /// JUnit XML: one test case per rule × subject.
    case junit
    /// SARIF 2.1.0, for code-scanning dashboards.
    case sarif
    /// A pull-request comment (under 65,536 characters).
    case markdown
}
