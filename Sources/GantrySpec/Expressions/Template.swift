/// A YAML string split into literal text and `${…}` expressions.
///
/// `$${` writes a literal `${`. A template that is exactly one expression
/// (`"${var.count}"`) evaluates to that expression's value with its type; anything else is
/// string interpolation.
enum Template {
    enum Part: Sendable, Equatable {
        case text(String)
        case expression(Expression)
    }

    /// Whether `text` may hold an expression at all: the fast path for the many plain scalars.
    static func mayContainExpression(_ text: String) -> Bool {
        var previousWasDollar = false
        for byte in text.utf8 {
            if previousWasDollar && byte == UInt8(ascii: "{") { return true }
            previousWasDollar = byte == UInt8(ascii: "$")
        }
        return false
    }

    /// Splits `text` into parts, parsing each `${…}`.
    ///
    /// - Parameter usingPlainPaths: whether a plain reference path may take
    ///   `ExpressionParser.plainPath`'s fast path; tests turn it off to check that the full
    ///   parser gives the same parts and errors.
    static func parse(_ text: String, usingPlainPaths: Bool = true) -> Result<[Part], ExpressionError> {
        // Unicode scalars, not Characters: cheaper, and libyaml counts columns in code points.
        let chars = Array(text.unicodeScalars)
        var parts: [Part] = []
        var literal = ""
        var i = 0
        while i < chars.count {
            if chars[i] == "$", i + 2 < chars.count, chars[i + 1] == "$", chars[i + 2] == "{" {
                literal += "${"
                i += 3
                continue
            }
            guard chars[i] == "$", i + 1 < chars.count, chars[i + 1] == "{" else {
                literal.unicodeScalars.append(chars[i])
                i += 1
                continue
            }
            // Find the closing brace, skipping braces inside quoted strings.
            var j = i + 2
            var quote: Unicode.Scalar?
            while j < chars.count {
                let c = chars[j]
                if let q = quote {
                    if c == "\\" { j += 1 } else if c == q { quote = nil }
                } else if c == "'" || c == "\"" {
                    quote = c
                } else if c == "}" {
                    break
                }
                j += 1
            }
            guard j < chars.count else {
                return .failure(ExpressionError(message: "'${' is not closed", offset: i, hint: "add the closing '}'",
                                                code: "expression-syntax"))
            }
            if !literal.isEmpty {
                parts.append(.text(literal))
                literal = ""
            }
            let body = chars[(i + 2)..<j]
            if usingPlainPaths, let path = ExpressionParser.plainPath(body, base: i + 2) {
                parts.append(.expression(path))
                i = j + 1
                continue
            }
            switch ExpressionParser.parse(body, base: i + 2) {
            case .success(let expression): parts.append(.expression(expression))
            case .failure(var error):
                if error.code == "expression" { error.code = "expression-syntax" }
                return .failure(error)
            }
            i = j + 1
        }
        if !literal.isEmpty || parts.isEmpty { parts.append(.text(literal)) }
        return .success(parts)
    }
}
