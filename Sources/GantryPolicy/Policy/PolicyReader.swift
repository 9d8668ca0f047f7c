import GantryBasics
import GantryCatalog
import GantrySpec

/// Reads the `policies:` value into a `PolicySet`, reporting each problem at its line.
struct PolicyReader {
    let sources: SpecSourceMap
    var diagnostics: [Diagnostic] = []

    init(sources: SpecSourceMap) { self.sources = sources }

    mutating func read(_ value: Value) -> PolicySet {
        var set = PolicySet()
        guard let sections = value.objectValue else { return set }
        for key in sections.keys.sorted() {
            let path = "policies.\(key)"
            if let location = sources.keyLocation(of: path) { set.locations[key] = location }
            guard let body = sections[key] else { continue }
            switch key {
            case "budget": set.budget = budget(body, path: path)
            case "quotas":
                (set.quotas, set.quotaSeverity) = quotas(body, path: path)
                set.quotaDocs = body["docs"]?.stringValue
            case "residency": set.residency = residency(body, path: path)
            case "allowed": set.allowed = allowed(body, path: path)
            case "required_labels": set.requiredLabels = requiredKeys(body, path: path)
            case "required_tags": set.requiredTags = requiredKeys(body, path: path)
            case "rules": set.customRules = rules(body, path: path)
            default:
                unknownKey(key, in: "policies", among: PolicySet.sections)
            }
        }
        return set
    }

    // MARK: - Blocks

    private mutating func budget(_ body: Value, path: String) -> PolicySet.Budget? {
        let keys = ["max_hourly_usd", "max_monthly_usd", "max_increase_hourly_usd", "max_increase_monthly_usd",
                    "severity", "docs"]
        guard let object = mapping(body, path: path, example: "budget: { max_hourly_usd: 900 }", keys: keys) else { return nil }
        let budget = PolicySet.Budget(
            maxHourly: money(object["max_hourly_usd"], path: "\(path).max_hourly_usd"),
            maxMonthly: money(object["max_monthly_usd"], path: "\(path).max_monthly_usd"),
            maxIncreaseHourly: money(object["max_increase_hourly_usd"], path: "\(path).max_increase_hourly_usd"),
            maxIncreaseMonthly: money(object["max_increase_monthly_usd"], path: "\(path).max_increase_monthly_usd"),
            severity: severity(object, path: path), docs: object["docs"]?.stringValue)
        return budget
    }

    private mutating func quotas(_ body: Value, path: String) -> ([PolicySet.Quota], PolicySeverity) {
        guard let providers = mapping(body, path: path, example: "quotas: { sim: { H100: 64 } }", keys: nil) else {
            return ([], .error)
        }
        var out: [PolicySet.Quota] = []
        for provider in providers.keys.sorted() where provider != "severity" && provider != "docs" {
            let providerPath = "\(path).\(provider)"
            guard let entries = providers[provider]?.objectValue else {
                error("type-mismatch", "quotas.\(provider) must map GPU models (or regions) to GPU counts", path: providerPath,
                      expected: "\(provider): { H100: 64 }")
                continue
            }
            for key in entries.keys.sorted() {
                guard let entry = entries[key] else { continue }
                if let regional = entry.objectValue {
                    for model in regional.keys.sorted() {
                        let modelPath = "\(providerPath).\(key).\(model)"
                        if let n = count(regional[model], path: modelPath) {
                            out.append(PolicySet.Quota(provider: provider, region: key, gpuModel: model, maxGPUs: n,
                                                       location: sources.location(of: modelPath)))
                        }
                    }
                } else if let n = count(entry, path: "\(providerPath).\(key)") {
                    out.append(PolicySet.Quota(provider: provider, region: nil, gpuModel: key, maxGPUs: n,
                                               location: sources.location(of: "\(providerPath).\(key)")))
                }
            }
        }
        return (out, severity(providers, path: path))
    }

    private mutating func residency(_ body: Value, path: String) -> PolicySet.Residency? {
        let keys = ["gdpr_data_stays_in", "data_classes", "severity", "docs"]
        guard let object = mapping(body, path: path, example: "residency: { gdpr_data_stays_in: [eu] }", keys: keys) else {
            return nil
        }
        var classes: [String: [String]] = [:]
        if let gdpr = object["gdpr_data_stays_in"] {
            classes["gdpr"] = strings(gdpr, path: "\(path).gdpr_data_stays_in")
        }
        if let declared = object["data_classes"] {
            if let map = declared.objectValue {
                for name in map.keys.sorted() {
                    classes[name.lowercased()] = strings(map[name] ?? .null, path: "\(path).data_classes.\(name)")
                }
            } else {
                error("type-mismatch", "data_classes must map data classes to the areas or regions they may live in",
                      path: "\(path).data_classes", expected: "data_classes: { pii: [eu, uk] }")
            }
        }
        return PolicySet.Residency(dataClasses: classes, severity: severity(object, path: path), docs: object["docs"]?.stringValue)
    }

    private mutating func allowed(_ body: Value, path: String) -> PolicySet.Allowed? {
        let keys = ["gpu_models", "instance_types", "regions", "markets", "severity", "docs"]
        guard let object = mapping(body, path: path, example: "allowed: { gpu_models: [H100, L4] }", keys: keys) else {
            return nil
        }
        func list(_ key: String) -> [String]? { object[key].map { strings($0, path: "\(path).\(key)") } }
        return PolicySet.Allowed(gpuModels: list("gpu_models"), instanceTypes: list("instance_types"), regions: list("regions"),
                                 markets: list("markets"), severity: severity(object, path: path),
                                 docs: object["docs"]?.stringValue)
    }

    private mutating func requiredKeys(_ body: Value, path: String) -> PolicySet.RequiredKeys? {
        if body.arrayValue != nil {
            return PolicySet.RequiredKeys(keys: strings(body, path: path), severity: .error, docs: nil)
        }
        guard let object = mapping(body, path: path, example: "[team, cost-center]", keys: ["keys", "severity", "docs"]) else {
            return nil
        }
        return PolicySet.RequiredKeys(keys: strings(object["keys"] ?? .array([]), path: "\(path).keys"),
                                      severity: severity(object, path: path), docs: object["docs"]?.stringValue)
    }

    // MARK: - Values

    mutating func mapping(_ body: Value, path: String, example: String, keys: [String]?) -> [String: Value]? {
        guard let object = body.objectValue else {
            error("type-mismatch", "\(path) must be a mapping", path: path, expected: example)
            return nil
        }
        if let keys {
            for key in object.keys.sorted() where !keys.contains(key) { unknownKey(key, in: path, among: keys) }
        }
        return object
    }

    mutating func severity(_ object: [String: Value], path: String) -> PolicySeverity {
        guard let value = object["severity"] else { return .error }
        guard let text = value.stringValue, let severity = PolicySeverity(rawValue: text.lowercased()) else {
            error("invalid-value", "severity must be error or warning", path: "\(path).severity", expected: "error, warning")
            return .error
        }
        return severity
    }

    mutating func money(_ value: Value?, path: String) -> Money? {
        guard let value, !value.isNull else { return nil }
        if let dollars = value.doubleValue, dollars >= 0 { return CostMath.money(dollars) }
        if let text = value.stringValue, case .success(let m) = Money.parse(text.hasPrefix("$") || text.hasSuffix("USD") ? text : "$" + text),
           m.microdollars >= 0 {
            return m
        }
        error("type-mismatch", "\(path) must be an amount of US dollars", path: path, expected: "a number such as 900, or $900")
        return nil
    }

    mutating func count(_ value: Value?, path: String) -> Int? {
        guard let n = value?.intValue, n >= 0 else {
            error("type-mismatch", "\(path) must be a whole number of GPUs", path: path, expected: "a number ≥ 0 such as 64")
            return nil
        }
        return n
    }

    mutating func strings(_ value: Value, path: String) -> [String] {
        if let single = value.stringValue { return [single] }
        guard let list = value.arrayValue, list.allSatisfy({ $0.stringValue != nil }) else {
            error("type-mismatch", "\(path) must be a list of names", path: path, expected: "[a, b]")
            return []
        }
        return list.compactMap(\.stringValue)
    }

    mutating func error(_ code: String, _ message: String, path: String, expected: String? = nil, hint: String? = nil) {
        diagnostics.append(.error(code, message, at: sources.location(of: path), path: path, expected: expected, hint: hint))
    }

    mutating func unknownKey(_ key: String, in path: String, among keys: [String]) {
        diagnostics.append(.error("unknown-key", "unknown key '\(key)' in \(path)", at: sources.keyLocation(of: "\(path).\(key)"),
                                  path: "\(path).\(key)", expected: "one of: \(keys.joined(separator: ", "))",
                                  hint: EditDistance.hint(for: key, among: keys)))
    }
}
