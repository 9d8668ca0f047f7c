import GantryBasics

/// `update:` of a node pool: how a change that replaces the pool's node group is rolled out.
extension SpecReader {
    /// Reads `update: { strategy, steps, max_surge, max_unavailable, health_timeout, pause }`
    /// into the intent encoding: durations in whole seconds, steps as percentages.
    ///
    /// Defaults: `rolling` with `max_surge: 1`, `max_unavailable: 0`, `health_timeout: 10m`.
    mutating func updateStrategy(_ node: YAMLNode?, path: String) -> SpecValue {
        var update: [String: SpecValue] = [
            "strategy": .string("rolling"), "steps": .list([]), "max_surge": .int(1), "max_unavailable": .int(0),
            "health_timeout": .int(600), "pause": .int(0),
        ]
        let allowed = ["strategy", "steps", "max_surge", "max_unavailable", "health_timeout", "pause"]
        guard let node, let u = fields(node, path: path, allowed: allowed, what: "update") else { return .map(update) }
        let strategy = string(u["strategy"], path: u.path("strategy"), oneOf: NodePoolDecl.strategies)
        update["strategy"] = strategy.specValue { .string($0) } ?? update["strategy"]
        let name = strategy.value ?? "rolling"

        let steps = canarySteps(u["steps"], path: u.path("steps"))
        if !steps.isEmpty && name != "canary" {
            error("invalid-value", "'steps' only applies to the canary strategy", at: u.keyLocation("steps") ?? u.location,
                  path: u.path("steps"), hint: "set strategy: canary, or remove steps")
        }
        if name == "canary" && u["steps"] == nil {
            error("missing-key", "a canary update needs 'steps'", at: u.location, path: u.path("steps"),
                  expected: "steps: [10%, 50%, 100%]")
        }
        update["steps"] = .list(steps.map { .int($0) })

        var limits = ["max_surge": 1, "max_unavailable": 0]
        for key in ["max_surge", "max_unavailable"] where u[key] != nil {
            if name != "rolling" {
                error("invalid-value", "'\(key)' only applies to the rolling strategy", at: u.keyLocation(key) ?? u.location,
                      path: u.path(key), hint: "set strategy: rolling, or remove \(key)")
            }
            if let n = int(u[key], path: u.path(key), minimum: 0).value {
                update[key] = .int(n)
                limits[key] = n
            }
        }
        if name == "rolling", limits["max_surge"] == 0, limits["max_unavailable"] == 0 {
            error("invalid-value", "a rolling update with max_surge: 0 and max_unavailable: 0 can never replace a node",
                  at: u.keyLocation("max_surge") ?? u.location, path: u.path("max_surge"),
                  hint: "allow at least one extra node (max_surge: 1) or one missing node (max_unavailable: 1)")
        }
        for key in ["health_timeout", "pause"] where u[key] != nil {
            guard let span = duration(u[key], path: u.path(key)).known else { continue }
            if key == "health_timeout" && span.value.seconds < 1 {
                error("invalid-value", "health_timeout must be at least 1s", at: span.location, path: u.path(key),
                      expected: "a duration such as 10m")
                continue
            }
            update[key] = .int(Int(span.value.seconds))
        }
        return .map(update)
    }

    /// Canary steps as whole percentages: `10%`, `50%`, `100%` (a bare number is a percentage too).
    private mutating func canarySteps(_ node: YAMLNode?, path: String) -> [Int] {
        guard let node else { return [] }
        guard let items = node.sequence else {
            error("type-mismatch", "steps must be a list of percentages, not \(node.kindName)", at: node.location, path: path,
                  expected: "steps: [10%, 50%, 100%]")
            return []
        }
        var out: [Int] = []
        for (i, item) in items.enumerated() {
            let value = value(item, path: "\(path)[\(i)]")
            var percent: Int?
            switch value {
            case .int(let p): percent = p
            case .string(let s) where s.hasSuffix("%"): percent = Int(s.dropLast())
            default: break
            }
            guard let p = percent, (1...100).contains(p) else {
                error("invalid-value", "canary step '\(value.interpolationText ?? "")' is not a percentage from 1% to 100%",
                      at: item.location, path: "\(path)[\(i)]", expected: "a percentage such as 10%")
                continue
            }
            if let last = out.last, p <= last {
                error("invalid-value", "canary steps must grow: \(p)% comes after \(last)%", at: item.location,
                      path: "\(path)[\(i)]")
            }
            out.append(p)
        }
        return out
    }

}
