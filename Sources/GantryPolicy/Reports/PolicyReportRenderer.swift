import GantryBasics

/// Renders a policy report in any `ReportFormat`.
///
/// ```swift
/// let renderer = PolicyReportRenderer(sources: loadResult.sources)
/// print(renderer.render(report, format: .sarif), terminator: "")
/// ```
public struct PolicyReportRenderer: Sendable {
    /// Spec texts by path, for quoting the offending line in text output.
    public var sources: [String: String]
    /// Written into SARIF and JUnit as the tool's version.
    public var toolVersion: String

    public init(sources: [String: String] = [:], toolVersion: String = "0.1.0") {
        self.sources = sources
        self.toolVersion = toolVersion
    }

    public func render(_ report: PolicyReport, format: ReportFormat) -> String {
        switch format {
        case .text: return text(report)
        case .json: return ((try? JSON.encode(json(report), pretty: true)) ?? "{}") + "\n"
        case .github: return github(report)
        case .junit: return JUnitWriter(toolVersion: toolVersion).render(report)
        case .sarif: return SARIFWriter(toolVersion: toolVersion).render(report)
        case .markdown: return MarkdownComment(project: report.project).render(report)
        }
    }

    // MARK: - Text and GitHub

    /// Findings with their source lines, then one summary line.
    public func text(_ report: PolicyReport) -> String {
        let findings = report.findings
        var out = ""
        if !findings.isEmpty {
            let renderer = DiagnosticRenderer(format: .text, sources: sources, includeSummary: false)
            out += renderer.render(findings.map(\.diagnostic))
            out += "\n"
        }
        out += summaryLine(report) + "\n"
        if report.rules.isEmpty {
            out += "The spec has no `policies:` section, so there was nothing to check; see Docs/policy.md.\n"
        }
        return out
    }

    /// `Policy check FAILED: 1 error, 1 warning (7 rules, 23 checks).`
    public func summaryLine(_ report: PolicyReport) -> String {
        let e = report.errorCount, w = report.warningCount
        let verdict = report.passed ? "passed" : "FAILED"
        return "Policy check \(verdict): \(e) error\(e == 1 ? "" : "s"), \(w) warning\(w == 1 ? "" : "s") "
            + "(\(report.rules.count) rule\(report.rules.count == 1 ? "" : "s"), \(report.checks.count) check\(report.checks.count == 1 ? "" : "s"))."
    }

    /// One workflow annotation per finding, then a notice with the verdict.
    func github(_ report: PolicyReport) -> String {
        let renderer = DiagnosticRenderer(format: .github)
        var out = renderer.render(report.findings.map(\.diagnostic))
        out += "::notice title=gantry policy::\(DiagnosticRendererEscaping.data(summaryLine(report)))\n"
        return out
    }

    // MARK: - JSON

    public func json(_ report: PolicyReport) -> Value {
        func location(_ l: SourceLocation?) -> Value {
            guard let l else { return .null }
            return .object(["file": .string(l.file), "line": .int(l.line), "column": .int(l.column)])
        }
        var document: [String: Value] = [
            "project": .string(report.project),
            "passed": .bool(report.passed),
            "errors": .int(report.errorCount),
            "warnings": .int(report.warningCount),
            "checks": .int(report.checks.count),
            "rules": .array(report.rules.map { rule in
                .object(["id": .string(rule.id), "severity": .string(rule.severity.rawValue), "summary": .string(rule.summary),
                         "help_uri": rule.helpURI.map(Value.string) ?? .null, "location": location(rule.location)])
            }),
            "findings": .array(report.findings.map { f in
                .object(["rule": .string(f.ruleID), "severity": .string(f.severity.rawValue), "message": .string(f.message),
                         "address": f.address.map { .string($0.rawValue) } ?? .null, "location": location(f.location),
                         "hint": f.hint.map(Value.string) ?? .null])
            }),
        ]
        if let cost = report.cost { document["cost"] = CostReportRenderer(project: report.project).value(cost) }
        if let summary = report.planSummary {
            document["plan"] = .object(["add": .int(summary.add), "change": .int(summary.change), "destroy": .int(summary.destroy)])
        }
        return .object(document)
    }
}

/// GitHub workflow-command escaping of a message (`%`, CR, LF).
enum DiagnosticRendererEscaping {
    static func data(_ s: String) -> String {
        s.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }
}
