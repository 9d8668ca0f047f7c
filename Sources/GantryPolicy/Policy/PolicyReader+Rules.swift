import GantryBasics
import GantrySpec

extension PolicyReader {
    static let ruleKeys = ["id", "severity", "applies_to", "when", "deny", "docs", "description"]
    static let itemKinds = ["node_pools", "storage", "networks", "regions", "resources"]

    /// `rules:` as a list of `{id, when, deny, …}`, or a mapping of id → body.
    mutating func rules(_ body: Value, path: String) -> [PolicySet.CustomRule] {
        var entries: [(id: String?, body: Value, path: String)] = []
        if let list = body.arrayValue {
            for (i, rule) in list.enumerated() { entries.append((nil, rule, "\(path)[\(i)]")) }
        } else if let map = body.objectValue {
            for id in map.keys.sorted() { entries.append((id, map[id] ?? .null, "\(path).\(id)")) }
        } else {
            error("type-mismatch", "rules must be a list of rules", path: path,
                  expected: "- { id: NAME, when: \"item.kind == 'node_pools'\", deny: \"message\" }")
            return []
        }
        var out: [PolicySet.CustomRule] = []
        var seen: Set<String> = []
        for entry in entries {
            guard let object = mapping(entry.body, path: entry.path, example: "{ id: NAME, when: …, deny: \"message\" }",
                                       keys: Self.ruleKeys) else { continue }
            guard let id = entry.id ?? object["id"]?.stringValue, !id.isEmpty else {
                error("missing-key", "a rule needs an id", path: entry.path, expected: "id: no-big-pools")
                continue
            }
            if !seen.insert(id).inserted {
                error("duplicate-item", "rule id '\(id)' is used twice", path: entry.path, hint: "give each rule its own id")
                continue
            }
            guard let whenText = object["when"]?.stringValue else {
                error("missing-key", "rule '\(id)' needs a `when:` condition", path: entry.path,
                      expected: "when: \"item.nodes.desired > 8\"",
                      hint: object["when"] == nil ? nil : "write the condition as a string without ${…}")
                continue
            }
            guard let deny = object["deny"]?.stringValue else {
                error("missing-key", "rule '\(id)' needs a `deny:` message", path: entry.path, expected: "deny: \"why this is not allowed\"")
                continue
            }
            let whenPath = "\(entry.path).when"
            let condition: RuleExpression
            switch RuleExpression.parse(whenText) {
            case .success(let parsed): condition = parsed
            case .failure(let e):
                var location = sources.location(of: whenPath)
                location?.column += e.offset + 1   // past the opening quote of a quoted scalar
                diagnostics.append(.error(e.code, "rule '\(id)': \(e.message)", at: location, path: whenPath,
                                          expected: e.expected, hint: e.hint))
                continue
            }
            let kinds = object["applies_to"].map { strings($0, path: "\(entry.path).applies_to") } ?? []
            for kind in kinds where !Self.itemKinds.contains(kind) {
                error("invalid-value", "rule '\(id)' applies to unknown kind '\(kind)'", path: "\(entry.path).applies_to",
                      expected: Self.itemKinds.joined(separator: ", "), hint: EditDistance.hint(for: kind, among: Self.itemKinds))
            }
            out.append(PolicySet.CustomRule(id: id, severity: severity(object, path: entry.path), appliesTo: kinds,
                                            when: condition, deny: deny, docs: object["docs"]?.stringValue,
                                            location: sources.keyLocation(of: entry.path) ?? sources.location(of: entry.path),
                                            whenLocation: sources.location(of: whenPath)))
        }
        return out
    }
}
