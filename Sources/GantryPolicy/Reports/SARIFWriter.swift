import GantryBasics

/// SARIF 2.1.0 (OASIS), as code-scanning dashboards read it: the rules as
/// `tool.driver.rules`, each finding a `result` pointing into the YAML, with the rule's own
/// declaration as a related location.
struct SARIFWriter {
    static let schemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    var toolVersion: String

    func render(_ report: PolicyReport) -> String {
        ((try? JSON.encode(document(report), pretty: true)) ?? "{}") + "\n"
    }

    func document(_ report: PolicyReport) -> Value {
        let ruleIndex = Dictionary(report.rules.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        let rules: [Value] = report.rules.map { rule in
            var object: [String: Value] = [
                "id": .string(rule.id),
                "name": .string(Self.ruleName(rule.id)),
                "shortDescription": .object(["text": .string(rule.summary)]),
                "defaultConfiguration": .object(["level": .string(Self.level(rule.severity))]),
            ]
            if let help = rule.helpURI { object["helpUri"] = .string(help) }
            return .object(object)
        }
        let results: [Value] = report.findings.map { finding in
            var result: [String: Value] = [
                "ruleId": .string(finding.ruleID),
                "level": .string(Self.level(finding.severity)),
                "message": .object(["text": .string(finding.message + (finding.hint.map { " (\($0))" } ?? ""))]),
            ]
            if let index = ruleIndex[finding.ruleID] { result["ruleIndex"] = .int(index) }
            var location: [String: Value] = [:]
            if let physical = finding.location.map(Self.physicalLocation) { location["physicalLocation"] = physical }
            if let address = finding.address {
                location["logicalLocations"] = .array([.object([
                    "fullyQualifiedName": .string(address.rawValue), "kind": "resource"])])
            }
            if !location.isEmpty { result["locations"] = .array([.object(location)]) }
            if let ruleLocation = ruleIndex[finding.ruleID].flatMap({ report.rules[$0].location }), ruleLocation != finding.location {
                result["relatedLocations"] = .array([.object([
                    "id": 1, "physicalLocation": Self.physicalLocation(ruleLocation),
                    "message": .object(["text": .string("rule \(finding.ruleID) is declared here")]),
                ])])
            }
            if let address = finding.address {
                result["partialFingerprints"] = .object(["gantryRuleSubject/v1": .string("\(finding.ruleID):\(address.rawValue)")])
            }
            return .object(result)
        }
        return .object([
            "$schema": .string(Self.schemaURI),
            "version": "2.1.0",
            "runs": .array([.object([
                "tool": .object(["driver": .object([
                    "name": "gantry",
                    "semanticVersion": .string(toolVersion),
                    "informationUri": .string(PolicyDocs.base),
                    "rules": .array(rules),
                ])]),
                "columnKind": "unicodeCodePoints",
                "results": .array(results),
            ])]),
        ])
    }

    static func level(_ severity: PolicySeverity) -> String { severity == .error ? "error" : "warning" }

    /// `budget.max_hourly` → `BudgetMaxHourly`: SARIF's `name` is an identifier-like string.
    static func ruleName(_ id: String) -> String {
        id.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    static func physicalLocation(_ location: SourceLocation) -> Value {
        .object([
            "artifactLocation": .object(["uri": .string(uri(location.file))]),
            "region": .object(["startLine": .int(max(location.line, 1)), "startColumn": .int(max(location.column, 1))]),
        ])
    }

    /// A file path as a URI reference: relative paths stay relative, absolute ones become `file://`.
    static func uri(_ path: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/")
        var encoded = ""
        for byte in path.utf8 {
            let c = Character(UnicodeScalar(byte))
            if byte < 0x80 && allowed.contains(c) { encoded.append(c) } else {
                encoded += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return path.hasPrefix("/") ? "file://" + encoded : encoded
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
