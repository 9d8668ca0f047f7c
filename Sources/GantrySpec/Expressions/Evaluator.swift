import GantryBasics

/// What names an expression can see.
struct EvaluationScope: Sendable {
    /// The spec sections whose items can be referenced as `${kind.name.attribute}`.
    static let itemKinds = ["networks", "node_pools", "storage", "regions", "resources"]

    var variables: [String: SpecValue] = [:]
    /// Item names by kind.
    var items: [String: Set<String>] = [:]
    /// False where references to items make no sense (variables, providers).
    var allowsItemReferences = true
    /// Extra root names bound to values (`item` in a policy rule); empty in specs.
    var globals: [String: SpecValue] = [:]
}

/// Evaluates expressions against a scope, recording which variables and items they use.
///
/// Values depending on another item are never invented: a reference evaluates to
/// `.reference`, and anything computed from one is `.unknown`.
struct Evaluator {
    let scope: EvaluationScope
    private(set) var usedVariables: Set<String> = []
    /// Every item reference evaluated, with the character offset it was written at.
    private(set) var references: [(reference: ItemReference, offset: Int)] = []

    init(scope: EvaluationScope) { self.scope = scope }

    /// Records variables used through another evaluator (a nested scope).
    mutating func markUsed(_ names: Set<String>) { usedVariables.formUnion(names) }

    /// Evaluates a parsed template: one expression keeps its type, anything else is a string.
    mutating func evaluate(_ parts: [Template.Part]) throws(ExpressionError) -> SpecValue {
        if parts.count == 1, case .expression(let e) = parts[0] { return try evaluate(e) }
        var text = ""
        var unknown = false
        // Text and references, for a string that can be built once the references resolve.
        var templateParts: [SpecValue] = []
        for part in parts {
            switch part {
            case .text(let t): text += t
            case .expression(let e):
                let value = try evaluate(e)
                switch value {
                case .reference, .template:
                    if !text.isEmpty { templateParts.append(.string(text)) }
                    text = ""
                    if case .template(let inner) = value { templateParts += inner } else { templateParts.append(value) }
                    continue
                case .unknown:
                    unknown = true
                    continue
                default: break
                }
                guard let piece = value.interpolationText else {
                    throw ExpressionError(message: "cannot insert \(value.typeName) into a string", offset: e.offset,
                                          hint: "interpolate a single value, or write the whole value as \"${…}\"",
                                          code: "type-mismatch")
                }
                text += piece
            }
        }
        if unknown { return .unknown }
        guard !templateParts.isEmpty else { return .string(text) }
        if !text.isEmpty { templateParts.append(.string(text)) }
        return .template(templateParts)
    }

    mutating func evaluate(_ expression: Expression) throws(ExpressionError) -> SpecValue {
        switch expression {
        case .literal(let value, _):
            return value
        case .list(let items, _):
            var out: [SpecValue] = []
            for item in items { out.append(try evaluate(item)) }
            return .list(out)
        case .path(let root, let steps, let offset):
            return try path(root: root, steps: steps, offset: offset)
        case .unary(let op, let operand, let offset):
            let value = try evaluate(operand)
            if value.isUnknown { return .unknown }
            switch (op, value) {
            case (.not, .bool(let b)): return .bool(!b)
            case (.negate, .int(let i)): return .int(-i)
            case (.negate, .double(let d)): return .double(-d)
            case (.negate, .money(let m)): return .money(Money(microdollars: -m.microdollars))
            default:
                throw ExpressionError(message: "'\(op.rawValue)' cannot be applied to \(value.typeName)", offset: offset,
                                      code: "type-mismatch")
            }
        case .conditional(let condition, let whenTrue, let whenFalse, _):
            let c = try evaluate(condition)
            if c.isUnknown {
                _ = try evaluate(whenTrue)
                _ = try evaluate(whenFalse)
                return .unknown
            }
            guard case .bool(let b) = c else {
                throw ExpressionError(message: "the condition before '?' is \(c.typeName), not a boolean",
                                      offset: condition.offset, expected: "a comparison such as var.env == 'prod'",
                                      code: "type-mismatch")
            }
            // Both branches are checked so a typo in the branch not taken is still reported.
            let t = try evaluate(whenTrue)
            let f = try evaluate(whenFalse)
            return b ? t : f
        case .binary(let op, let lhs, let rhs, let offset):
            let l = try evaluate(lhs)
            let r = try evaluate(rhs)
            return try Operators.apply(op, l, r, offset: offset)
        case .call(let name, let args, let offset):
            var values: [SpecValue] = []
            for arg in args { values.append(try evaluate(arg)) }
            return try Functions.call(name, values, offset: offset)
        }
    }

    private mutating func path(root: String, steps: [Expression.PathStep], offset: Int) throws(ExpressionError) -> SpecValue {
        if let value = scope.globals[root] { return try Self.walk(value, steps[...]) }
        if root == "var" {
            guard case .member(let name, let nameOffset)? = steps.first else {
                throw ExpressionError(message: "'var' must be followed by a variable name", offset: offset,
                                      expected: "var.NAME", code: "unknown-variable")
            }
            guard let value = scope.variables[name] else {
                var hint = EditDistance.hint(for: name, among: scope.variables.keys.sorted())
                if hint == nil, let dash = name.firstIndex(of: "-"), scope.variables[String(name[..<dash])] != nil {
                    hint = "names may contain '-'; to subtract, put spaces around it: var.\(name[..<dash]) - …"
                }
                throw ExpressionError(message: "unknown variable '\(name)'", offset: nameOffset,
                                      hint: hint ?? "declare it under 'variables:'", code: "unknown-variable")
            }
            usedVariables.insert(name)
            return try Self.walk(value, steps.dropFirst())
        }
        if EvaluationScope.itemKinds.contains(root) {
            guard scope.allowsItemReferences else {
                throw ExpressionError(message: "items cannot be referenced here", offset: offset,
                                      hint: "only variables are known at this point", code: "reference-not-allowed")
            }
            guard case .member(let name, let nameOffset)? = steps.first else {
                throw ExpressionError(message: "'\(root)' must be followed by an item name", offset: offset,
                                      expected: "\(root).NAME.ATTRIBUTE", code: "unknown-reference")
            }
            let names = scope.items[root] ?? []
            guard names.contains(name) else {
                throw ExpressionError(message: "reference to \(root).\(name), which is not defined", offset: nameOffset,
                                      hint: EditDistance.hint(for: name, among: names.sorted()), code: "unknown-reference")
            }
            var rest = steps.dropFirst()
            var key: String?
            if case .key(let k, _)? = rest.first {
                key = k
                rest = rest.dropFirst()
            } else if case .index(let e, _)? = rest.first {
                guard case .string(let k) = try evaluate(e) else {
                    throw ExpressionError(message: "an instance key must be a region name string", offset: e.offset,
                                          code: "type-mismatch")
                }
                key = k
                rest = rest.dropFirst()
            }
            var attribute: [String] = []
            for step in rest {
                guard case .member(let m, _) = step else {
                    throw ExpressionError(message: "only attribute names may follow \(root).\(name)", offset: offset,
                                          code: "unknown-reference")
                }
                attribute.append(m)
            }
            guard !attribute.isEmpty else {
                throw ExpressionError(message: "reference to \(root).\(name) needs an attribute", offset: offset,
                                      expected: "\(root).\(name).ATTRIBUTE, e.g. \(root).\(name).id", code: "unknown-reference")
            }
            let reference = ItemReference(kind: root, name: name, key: key, attribute: attribute.joined(separator: "."))
            references.append((reference, nameOffset))
            return .reference(reference)
        }
        var hint = EditDistance.hint(for: root, among: ["var"] + EvaluationScope.itemKinds + scope.globals.keys.sorted())
        if hint == nil, steps.isEmpty, scope.variables[root] != nil { hint = "variables are written var.\(root)" }
        throw ExpressionError(message: "unknown name '\(root)'", offset: offset,
                              expected: "var.NAME or KIND.NAME.ATTRIBUTE (KIND: \(EvaluationScope.itemKinds.joined(separator: ", ")))",
                              hint: hint, code: "unknown-reference")
    }

    /// Member and index access into a variable's value.
    private static func walk(_ value: SpecValue, _ steps: ArraySlice<Expression.PathStep>) throws(ExpressionError) -> SpecValue {
        var current = value
        for step in steps {
            switch (step, current) {
            case (.member(let m, _), .map(let map)), (.key(let m, _), .map(let map)):
                guard let next = map[m] else {
                    let offset: Int
                    if case .member(_, let o) = step { offset = o } else if case .key(_, let o) = step { offset = o } else { offset = 0 }
                    throw ExpressionError(message: "no key '\(m)' in this mapping", offset: offset,
                                          hint: EditDistance.hint(for: m, among: map.keys.sorted()), code: "unknown-key")
                }
                current = next
            case (.key(let k, let offset), .list(let list)):
                guard let i = Int(k), list.indices.contains(i) else {
                    throw ExpressionError(message: "index [\(k)] is outside the list of \(list.count)", offset: offset,
                                          code: "index")
                }
                current = list[i]
            case (.index(_, let offset), _), (.member(_, let offset), _), (.key(_, let offset), _):
                throw ExpressionError(message: "cannot look inside \(current.typeName) here", offset: offset,
                                      code: "type-mismatch")
            }
        }
        return current
    }
}
