import Foundation
import GantryBasics

/// A bare expression of the spec language (no `${…}` around it) evaluated against named
/// values: the `when:` condition of a policy rule.
///
/// The syntax is the spec's (`? :`, `||`, `&&`, comparisons, arithmetic, units, `contains`,
/// `length`, …); the names are whatever the caller binds, e.g. `item`.
///
/// ```swift
/// let rule = try RuleExpression.parse("item.nodes.desired > 8 && item.capacity.market == 'on-demand'").get()
/// rule.evaluate(["item": itemValue])    // .success(.bool(true))
/// ```
public struct RuleExpression: Sendable {
    /// The expression as written.
    public let text: String
    private let expression: Expression

    /// Parses `text`; a surrounding `${…}` is accepted and removed.
    public static func parse(_ text: String) -> Result<RuleExpression, RuleExpressionError> {
        // Positions count Unicode scalars, as the template lexer does.
        let scalars = Array(text.unicodeScalars)
        var body = scalars[...]
        var base = 0
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("${") && trimmed.hasSuffix("}"),
           let open = scalars.indices.first(where: { scalars[$0] == "$" && $0 + 1 < scalars.count && scalars[$0 + 1] == "{" }),
           let close = scalars.lastIndex(of: "}"), close > open + 1 {
            base = open + 2
            body = scalars[base..<close]
        }
        switch ExpressionParser.parse(body, base: base) {
        case .success(let expression): return .success(RuleExpression(text: text, expression: expression))
        case .failure(let e): return .failure(RuleExpressionError(e))
        }
    }

    /// Evaluates the expression with `names` bound as root names (`item.gpu.model`).
    ///
    /// Values unknown until apply make comparisons unknown; the result is `.unknown` then.
    public func evaluate(_ names: [String: Value]) -> Result<Value, RuleExpressionError> {
        var scope = EvaluationScope(allowsItemReferences: false)
        scope.globals = names.mapValues(SpecValue.init(value:))
        var evaluator = Evaluator(scope: scope)
        do {
            return .success(try evaluator.evaluate(expression).toValue())
        } catch {
            return .failure(RuleExpressionError(error))
        }
    }
}

/// Why a rule expression could not be parsed or evaluated, at a character offset of its text.
public struct RuleExpressionError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    /// 0-based character offset into the expression text.
    public var offset: Int
    public var expected: String?
    public var hint: String?
    /// A stable kind: `expression-syntax`, `unknown-key`, `type-mismatch`, …
    public var code: String

    init(_ e: ExpressionError) {
        message = e.message
        offset = e.offset
        expected = e.expected
        hint = e.hint
        code = e.code == "expression" ? "expression-syntax" : e.code
    }

    public var description: String {
        var text = message
        if let expected { text += " (expected \(expected))" }
        if let hint { text += "; \(hint)" }
        return text
    }
}

extension SpecValue {
    /// A plain `Value` as an expression operand; references and unknowns stay unknown.
    init(value: Value) {
        switch value {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .int(i)
        case .double(let d): self = .double(d)
        case .string(let s): self = .string(s)
        case .array(let a): self = .list(a.map(SpecValue.init(value:)))
        case .object(let o): self = .map(o.mapValues(SpecValue.init(value:)))
        case .unknown, .reference, .template: self = .unknown
        }
    }
}
