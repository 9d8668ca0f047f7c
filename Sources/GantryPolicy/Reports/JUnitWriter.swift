import GantryBasics

/// JUnit XML as CI test-report tools read it (Jenkins, GitLab, `junitparser`): one
/// `<testsuite>` per rule, one `<testcase>` per subject it checked.
///
/// An error-level finding is a `<failure>`; a warning passes and carries the warning in
/// `<system-out>`, so the pipeline stays green but the text is in the report.
struct JUnitWriter {
    var toolVersion: String

    func render(_ report: PolicyReport) -> String {
        let failures = report.errorCount
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"gantry policy\" tests=\"\(report.checks.count)\" failures=\"\(failures)\" errors=\"0\">\n"
        for rule in report.rules {
            let checks = report.checks.filter { $0.ruleID == rule.id }
            let failed = checks.filter { $0.finding?.severity == .error }.count
            out += "  <testsuite name=\"\(Markup.xml(rule.id))\" tests=\"\(checks.count)\" failures=\"\(failed)\" errors=\"0\" skipped=\"0\">\n"
            out += "    <properties>\n"
            out += "      <property name=\"severity\" value=\"\(rule.severity.rawValue)\"/>\n"
            out += "      <property name=\"summary\" value=\"\(Markup.xml(rule.summary))\"/>\n"
            if let help = rule.helpURI { out += "      <property name=\"help\" value=\"\(Markup.xml(help))\"/>\n" }
            if let location = rule.location {
                out += "      <property name=\"location\" value=\"\(Markup.xml(location.description))\"/>\n"
            }
            out += "      <property name=\"gantry.version\" value=\"\(Markup.xml(toolVersion))\"/>\n"
            out += "    </properties>\n"
            for check in checks { out += testCase(check, rule: rule) }
            out += "  </testsuite>\n"
        }
        out += "</testsuites>\n"
        return out
    }

    private func testCase(_ check: PolicyCheck, rule: PolicyRule) -> String {
        var attributes = "classname=\"\(Markup.xml("gantry.policy." + rule.id))\" name=\"\(Markup.xml(check.subject))\""
        if let location = check.finding?.location {
            attributes += " file=\"\(Markup.xml(location.file))\" line=\"\(location.line)\""
        }
        guard let finding = check.finding else { return "    <testcase \(attributes)/>\n" }
        var body = finding.message
        if let location = finding.location { body = "\(location): \(body)" }
        if let hint = finding.hint { body += "\nhint: \(hint)" }
        if let help = rule.helpURI { body += "\nsee: \(help)" }
        switch finding.severity {
        case .error:
            return "    <testcase \(attributes)>\n"
                + "      <failure message=\"\(Markup.xml(finding.message))\" type=\"\(Markup.xml(rule.id))\">\(Markup.xml(body))</failure>\n"
                + "    </testcase>\n"
        case .warning:
            return "    <testcase \(attributes)>\n"
                + "      <system-out>\(Markup.xml("warning: " + body))</system-out>\n"
                + "    </testcase>\n"
        }
    }
}
