import GantryBasics

extension PolicyEvaluator.Run {
    /// Custom rules: `when` is evaluated with `item` bound to each planned item; `true` denies.
    ///
    /// A condition that names a key an item lacks does not apply to that item; when it
    /// applies to no item at all for that reason, one warning says so (a misspelled key).
    mutating func customRules() {
        for rule in policies.customRules {
            declare(rule.id, rule.severity, rule.deny, docs: rule.docs, anchor: "custom-rules", at: rule.location)
            var missingKey: RuleExpressionProblem?
            var evaluated = 0
            for item in input.intents where rule.appliesTo.isEmpty || rule.appliesTo.contains(item.kind) {
                switch rule.when.evaluate(["item": itemValue(item)]) {
                case .success(.bool(true)):
                    evaluated += 1
                    fail(rule.id, item.address.rawValue, rule.severity, "\(item.address): \(rule.deny)",
                         address: item.address, at: item.location ?? sources.keyLocation(of: SpecSourceMap.itemPath(item.address)))
                case .success(.bool(false)), .success(.unknown):
                    evaluated += 1
                    pass(rule.id, item.address.rawValue)
                case .success(let other):
                    evaluated += 1
                    fail(rule.id, item.address.rawValue, .warning,
                         "rule '\(rule.id)': `when` gave \(other), not true or false, for \(item.address)",
                         address: item.address, at: rule.whenLocation ?? rule.location,
                         hint: "write a comparison such as item.nodes.desired > 8")
                case .failure(let error) where error.code == "unknown-key":
                    if missingKey == nil { missingKey = RuleExpressionProblem(message: error.description) }
                    pass(rule.id, item.address.rawValue)
                case .failure(let error):
                    evaluated += 1
                    fail(rule.id, item.address.rawValue, .warning,
                         "rule '\(rule.id)' could not be evaluated for \(item.address): \(error.description)",
                         address: item.address, at: rule.whenLocation ?? rule.location)
                }
            }
            if evaluated == 0, let missingKey {
                fail(rule.id, "policies.rules", .warning,
                     "rule '\(rule.id)' applied to no item: \(missingKey.message)", address: nil,
                     at: rule.whenLocation ?? rule.location, hint: "check the attribute names in Docs/policy.md, \"Custom rules\"")
            }
        }
    }

    private struct RuleExpressionProblem {
        var message: String
    }

    /// What a rule sees as `item`: the intent's attributes plus `address`, `kind`, `name`,
    /// `region`, `provider`, `action`, `hourly_usd`, `monthly_usd`, and for node pools
    /// `instance_type`, `gpu_model`, `gpu_count` (per node) and `gpus` (at desired size).
    func itemValue(_ item: IntentItem) -> Value {
        var object = item.attributes
        object["address"] = .string(item.address.rawValue)
        object["kind"] = .string(item.kind)
        object["name"] = .string(item.name)
        object["region"] = item.region.map(Value.string) ?? object["region"] ?? .null
        object["provider"] = .string(item.provider)
        object["action"] = .string(input.action(of: item.address))
        let line = input.cost.planned.line(for: item.address)
        object["hourly_usd"] = line?.hourly.map { .double($0.dollars) } ?? .null
        object["monthly_usd"] = line?.monthly.map { .double($0.dollars) } ?? .null
        if item.kind == "node_pools" {
            let gpu = input.gpu(of: item)
            object["instance_type"] = gpu.instanceType.map(Value.string) ?? .null
            object["gpu_model"] = gpu.model.map(Value.string) ?? .null
            object["gpu_count"] = gpu.perNode.map(Value.int) ?? .null
            let desired = item.attributes["nodes"]?["desired"]?.intValue ?? 0
            object["gpus"] = .int(desired * (gpu.perNode ?? 0))
        }
        return .object(object)
    }
}
