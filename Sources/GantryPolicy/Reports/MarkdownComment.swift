import GantryBasics

/// A pull-request comment: verdict, plan summary, cost delta table and policy results,
/// under GitHub's 65,536-character limit.
///
/// Sections are cut between rows, never inside one, and a cut says how much is left out.
struct MarkdownComment {
    var project: String
    var limit = MarkdownBudget.commentLimit

    init(project: String, limit: Int = MarkdownBudget.commentLimit) {
        self.project = project
        self.limit = limit
    }

    func render(_ report: PolicyReport) -> String {
        var out = MarkdownBudget(limit: limit)
        let icon = report.passed ? "✅" : "❌"
        out.append("## \(icon) Gantry: \(project)\n\n")
        var summary = "**Policy \(report.passed ? "passed" : "failed")**: \(report.errorCount) error\(report.errorCount == 1 ? "" : "s"), "
            + "\(report.warningCount) warning\(report.warningCount == 1 ? "" : "s") over \(report.rules.count) rules."
        if let plan = report.planSummary {
            summary += " **Plan**: \(plan.add) to add, \(plan.change) to change, \(plan.destroy) to destroy."
        }
        out.append(summary + "\n\n")

        // Findings first: they decide the merge. Keep room for the cost section's head.
        let findings = report.findings
        if !findings.isEmpty {
            out.append("### Policy findings\n\n| | rule | resource | where | message |\n|---|---|---|---|---|\n")
            var shown = 0
            for f in findings {
                let cells = [f.severity == .error ? "❌ error" : "⚠️ warning", "`\(f.ruleID)`", f.address.map { "`\($0.rawValue)`" } ?? "",
                             f.location.map { "`\($0)`" } ?? "", f.message]
                let row = "| " + cells.map(Markup.cell).joined(separator: " | ") + " |\n"
                guard out.fits(row, reserving: 2_000) else { break }
                out.append(row)
                shown += 1
            }
            if shown < findings.count {
                out.append("\n_… \(findings.count - shown) more finding\(findings.count - shown == 1 ? "" : "s") not shown; "
                           + "see the job log or the SARIF report._\n")
            }
            out.append("\n")
        }
        if let cost = report.cost {
            let remaining = limit - out.used - 200
            if remaining > 400 {
                out.append(CostReportRenderer(project: project).markdown(cost, limit: remaining).text)
            } else {
                out.append("_Cost table left out to stay under the comment size limit._\n")
            }
        }
        let footer = "\n<sub>gantry policy · rules: \(report.rules.map(\.id).prefix(20).map { "`\($0)`" }.joined(separator: ", "))"
            + (report.rules.count > 20 ? ", …" : "") + "</sub>\n"
        if out.fits(footer) { out.append(footer) }
        return out.text
    }
}
