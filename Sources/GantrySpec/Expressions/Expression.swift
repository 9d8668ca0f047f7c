/// The syntax tree of one `${…}` expression. Offsets are character offsets into the YAML
/// scalar the expression was written in, so errors point at the exact column.
indirect enum Expression: Sendable, Equatable {
    enum UnaryOperator: String, Sendable { case not = "!", negate = "-" }

    enum BinaryOperator: String, Sendable {
        case or = "||", and = "&&"
        case equal = "==", notEqual = "!="
        case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
        case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%"
    }

    /// One step of a dotted path: `.name` or `[key]`.
    enum PathStep: Sendable, Equatable {
        case member(String, offset: Int)
        case key(String, offset: Int)
        case index(Expression, offset: Int)
    }

    case literal(SpecValue, offset: Int)
    /// `var.env`, `node_pools.h100-train[us-east-1].id`: a root name and the steps after it.
    case path(root: String, steps: [PathStep], offset: Int)
    case unary(UnaryOperator, Expression, offset: Int)
    case binary(BinaryOperator, Expression, Expression, offset: Int)
    case conditional(Expression, Expression, Expression, offset: Int)
    case list([Expression], offset: Int)
    case call(String, [Expression], offset: Int)

    var offset: Int {
        switch self {
        case .literal(_, let o), .path(_, _, let o), .unary(_, _, let o), .binary(_, _, _, let o),
             .conditional(_, _, _, let o), .list(_, let o), .call(_, _, let o):
            return o
        }
    }
}

/// A problem in an expression, at a character offset of the scalar that holds it.
struct ExpressionError: Error, Sendable, Equatable {
    var message: String
    var offset: Int
    var expected: String?
    var hint: String?
    var code: String = "expression"
}
