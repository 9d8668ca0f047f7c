import GantryBasics

/// Recursive-descent parser for the expression language, lowest precedence first:
/// `? :`, `||`, `&&`, `== !=`, `< <= > >=`, `+ -`, `* / %`, unary `! -`, then paths,
/// calls, literals and parentheses.
struct ExpressionParser {
    private var tokens: [ExpressionLexer.Token]
    private var position = 0
    /// Nesting bound so `((((…))))` in hostile input cannot overflow the stack.
    private var depth = 0
    private static let maxDepth = 64

    static func parse(_ text: ArraySlice<Unicode.Scalar>, base: Int) -> Result<Expression, ExpressionError> {
        switch ExpressionLexer(text, base: base).tokens() {
        case .failure(let error):
            return .failure(error)
        case .success(let tokens):
            var parser = ExpressionParser(tokens: tokens)
            do {
                if case .end = parser.peek.kind {
                    throw ExpressionError(message: "empty expression '${}'", offset: max(base - 2, 0),
                                          expected: "an expression such as ${var.env}")
                }
                let expression = try parser.conditional()
                guard case .end = parser.peek.kind else {
                    throw ExpressionError(message: "unexpected \(parser.describe(parser.peek)) after the expression",
                                          offset: parser.peek.offset, expected: "an operator or the end of the expression")
                }
                return .success(expression)
            } catch let error as ExpressionError {
                return .failure(error)
            } catch {
                return .failure(ExpressionError(message: "\(error)", offset: base))
            }
        }
    }

    private init(tokens: [ExpressionLexer.Token]) { self.tokens = tokens }

    private var peek: ExpressionLexer.Token { tokens[min(position, tokens.count - 1)] }

    private mutating func advance() -> ExpressionLexer.Token {
        let token = peek
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    private mutating func accept(_ punct: String) -> Bool {
        if peek.kind == .punct(punct) { position += 1; return true }
        return false
    }

    private mutating func expect(_ punct: String, closing opener: String? = nil) throws {
        guard accept(punct) else {
            throw ExpressionError(message: "expected '\(punct)' but found \(describe(peek))", offset: peek.offset,
                                  hint: opener.map { "close the '\($0)'" })
        }
    }

    private func describe(_ token: ExpressionLexer.Token) -> String {
        switch token.kind {
        case .end: return "the end of the expression"
        case .punct(let p): return "'\(p)'"
        case .name(let n): return "'\(n)'"
        case .number(let n): return "'\(n)'"
        case .quantity(let n, let u): return "'\(n)\(u)'"
        case .money(let m): return "'$\(m)'"
        case .string(let s): return "'\"\(s)\"'"
        case .key(let k): return "'[\(k)]'"
        }
    }

    private mutating func conditional() throws -> Expression {
        depth += 1
        defer { depth -= 1 }
        if depth > Self.maxDepth {
            throw ExpressionError(message: "expression nests too deeply", offset: peek.offset)
        }
        let condition = try binary(level: 0)
        guard peek.kind == .punct("?") else { return condition }
        let offset = advance().offset
        let whenTrue = try conditional()
        try expect(":", closing: "?")
        let whenFalse = try conditional()
        return .conditional(condition, whenTrue, whenFalse, offset: offset)
    }

    private static let levels: [[Expression.BinaryOperator]] = [
        [.or], [.and], [.equal, .notEqual], [.less, .lessOrEqual, .greater, .greaterOrEqual],
        [.add, .subtract], [.multiply, .divide, .remainder],
    ]

    private mutating func binary(level: Int) throws -> Expression {
        guard level < Self.levels.count else { return try unary() }
        var left = try binary(level: level + 1)
        while case .punct(let p) = peek.kind, let op = Self.levels[level].first(where: { $0.rawValue == p }) {
            let offset = advance().offset
            let right = try binary(level: level + 1)
            left = .binary(op, left, right, offset: offset)
        }
        return left
    }

    private mutating func unary() throws -> Expression {
        if peek.kind == .punct("!") || peek.kind == .punct("-") {
            let token = advance()
            depth += 1
            defer { depth -= 1 }
            if depth > Self.maxDepth { throw ExpressionError(message: "expression nests too deeply", offset: token.offset) }
            let operand = try unary()
            return .unary(token.kind == .punct("!") ? .not : .negate, operand, offset: token.offset)
        }
        return try postfix()
    }

    private mutating func postfix() throws -> Expression {
        let token = advance()
        switch token.kind {
        case .number(let text):
            let clean = text.filter { $0 != "_" }
            if let i = Int(clean) { return .literal(.int(i), offset: token.offset) }
            if let d = Double(clean) { return .literal(.double(d), offset: token.offset) }
            throw ExpressionError(message: "'\(text)' is not a number", offset: token.offset)
        case .quantity(let number, let unit):
            return .literal(try Self.quantity(number, unit, offset: token.offset), offset: token.offset)
        case .money(let text):
            switch Money.parse("$" + text) {
            case .success(let m): return .literal(.money(m), offset: token.offset)
            case .failure(let e):
                throw ExpressionError(message: e.message, offset: token.offset, expected: e.expected, hint: e.hint, code: "unit")
            }
        case .string(let s):
            return .literal(.string(s), offset: token.offset)
        case .punct("("):
            let inner = try conditional()
            try expect(")", closing: "(")
            return inner
        case .punct("["):
            var items: [Expression] = []
            if !accept("]") {
                repeat { items.append(try conditional()) } while accept(",")
                try expect("]", closing: "[")
            }
            return .list(items, offset: token.offset)
        case .name(let name):
            switch name {
            case "true": return .literal(.bool(true), offset: token.offset)
            case "false": return .literal(.bool(false), offset: token.offset)
            case "null": return .literal(.null, offset: token.offset)
            default: break
            }
            if accept("(") {
                var args: [Expression] = []
                if !accept(")") {
                    repeat { args.append(try conditional()) } while accept(",")
                    try expect(")", closing: "(")
                }
                return .call(name, args, offset: token.offset)
            }
            var steps: [Expression.PathStep] = []
            while true {
                if accept(".") {
                    let member = advance()
                    guard case .name(let m) = member.kind else {
                        throw ExpressionError(message: "expected a name after '.' but found \(describe(member))",
                                              offset: member.offset)
                    }
                    steps.append(.member(m, offset: member.offset))
                } else if case .key(let k) = peek.kind {
                    steps.append(.key(k, offset: advance().offset))
                } else if peek.kind == .punct("[") {
                    let open = advance()
                    let index = try conditional()
                    try expect("]", closing: "[")
                    steps.append(.index(index, offset: open.offset))
                } else {
                    break
                }
            }
            return .path(root: name, steps: steps, offset: token.offset)
        default:
            throw ExpressionError(message: "expected a value but found \(describe(token))", offset: token.offset,
                                  expected: "a number, string, name such as var.x, or '('")
        }
    }

    /// `24TiB`, `30d`: a size when the unit is a size unit, a duration when it is a time unit.
    static func quantity(_ number: String, _ unit: String, offset: Int) throws -> SpecValue {
        let text = number + unit
        if ByteSize.units.contains(where: { $0.name == unit }), case .success(let s) = ByteSize.parse(text) {
            return .size(s)
        }
        if TimeSpan.units.contains(where: { $0.name == unit }), case .success(let d) = TimeSpan.parse(text) {
            return .duration(d)
        }
        let all = ByteSize.units.map(\.name) + TimeSpan.units.map(\.name)
        throw ExpressionError(message: "unknown unit '\(unit)' in '\(text)'", offset: offset,
                              expected: "a size unit (KiB … PiB, KB … PB, B) or a duration unit (s, m, h, d, w, y)",
                              hint: EditDistance.hint(for: unit, among: all), code: "unit")
    }
}
