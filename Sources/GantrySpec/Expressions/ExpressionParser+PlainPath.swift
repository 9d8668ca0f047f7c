extension ExpressionParser {
    /// The expression for a body that is one plain path — `resources.web.id`,
    /// `var.env`, `node_pools.h100-train[us-east-1].id` — or nil for anything else.
    ///
    /// Nearly every `${…}` in a large spec is such a reference, and lexing it into tokens and
    /// descending through every precedence level cost more than the rest of evaluating it.
    /// This scan follows the lexer's rules for names and `[key]`s exactly but gives up
    /// (returning nil) at the first character it does not expect — spaces, operators,
    /// calls, indexes, non-ASCII names, a literal root such as `true` — so the full parser
    /// handles those, and every error, exactly as before. `ExpressionTests` checks that both
    /// parsers agree wherever this one answers.
    ///
    /// - Parameters:
    ///   - text: the expression source (what is between `${` and `}`).
    ///   - base: the offset of `text` in its scalar, added to every offset.
    static func plainPath(_ text: ArraySlice<Unicode.Scalar>, base: Int) -> Expression? {
        var i = text.startIndex
        let end = text.endIndex
        // Root: the lexer's first-name rule. `-` belongs to a name only between letters or digits.
        guard i < end, isASCIILetter(text[i]) || text[i] == "_" else { return nil }
        let rootStart = i
        while i < end {
            let c = text[i]
            if isASCIILetter(c) || isASCIIDigit(c) || c == "_" {
                i += 1
            } else if c == "-", i + 1 < end, isASCIILetter(text[i + 1]) || isASCIIDigit(text[i + 1]) {
                i += 1
            } else {
                break
            }
        }
        let root = string(text[rootStart..<i])
        // `true`, `false` and `null` are literals, not paths.
        guard root != "true", root != "false", root != "null" else { return nil }
        var steps: [Expression.PathStep] = []
        // A `[key]` is a key only right after a name (after a key, `[` opens an index).
        var afterName = true
        while i < end {
            let c = text[i]
            if c == "." {
                // After a dot any run of name characters is a name, but it may not start with `-`.
                let nameStart = i + 1
                var j = nameStart
                while j < end, isNameCharacter(text[j]) { j += 1 }
                guard j > nameStart, text[nameStart] != "-" else { return nil }
                steps.append(.member(string(text[nameStart..<j]), offset: base + nameStart - text.startIndex))
                i = j
                afterName = true
            } else if c == "[", afterName {
                let keyStart = i + 1
                var j = keyStart
                while j < end, isNameCharacter(text[j]) { j += 1 }
                guard j > keyStart, j < end, text[j] == "]" else { return nil }
                steps.append(.key(string(text[keyStart..<j]), offset: base + i - text.startIndex))
                i = j + 1
                afterName = false
            } else {
                return nil
            }
        }
        return .path(root: root, steps: steps, offset: base + rootStart - text.startIndex)
    }

    private static func isASCIILetter(_ c: Unicode.Scalar) -> Bool { (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") }

    private static func isASCIIDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }

    /// What the lexer allows in a name after a dot and in a `[key]`, restricted to ASCII
    /// (a non-ASCII letter sends the whole expression to the full parser).
    private static func isNameCharacter(_ c: Unicode.Scalar) -> Bool {
        isASCIILetter(c) || isASCIIDigit(c) || c == "_" || c == "-"
    }

    /// ASCII scalars (which the checks above guarantee) to a String, written straight into
    /// its storage: decoding a lazily mapped sequence went through a slow generic path.
    private static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        String(unsafeUninitializedCapacity: scalars.count) { utf8 in
            for (i, scalar) in zip(utf8.indices, scalars) { utf8[i] = UInt8(truncatingIfNeeded: scalar.value) }
            return scalars.count
        }
    }
}
