import GantryBasics

/// Splits the text of one `${…}` into tokens.
///
/// Names may contain `-` (`node_pools.h100-train`, `regions.eu-central-1`) as in HCL, so
/// subtraction needs spaces: `a - 1`. After a `.` any run of letters, digits, `_` and `-`
/// is a name (`regions.eu-central-1`). `[us-east-1]` right after a name is an instance key.
/// A number directly followed by letters is a quantity with a unit (`24TiB`, `30d`); `$`
/// followed by a digit is money (`$12.50`).
struct ExpressionLexer {
    enum Kind: Equatable, Sendable {
        case number(String)
        case quantity(number: String, unit: String)
        case money(String)
        case string(String)
        case name(String)
        case key(String)
        case punct(String)
        case end
    }

    struct Token: Sendable {
        var kind: Kind
        /// Offset of the token's first character in the scalar.
        var offset: Int
    }

    private let chars: [Unicode.Scalar]
    private let base: Int

    /// - Parameters:
    ///   - text: the expression source (what is between `${` and `}`), as Unicode scalars.
    ///   - base: the offset of `text` in its scalar, added to every token offset.
    init(_ text: ArraySlice<Unicode.Scalar>, base: Int) {
        self.chars = Array(text)
        self.base = base
    }

    private static func isLetter(_ c: Unicode.Scalar) -> Bool {
        c.isASCII ? (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") : c.properties.isAlphabetic
    }

    private static func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }

    /// `==`, `!=`, `<=`, `>=`, `&&` or `||` when `first` and `second` spell one.
    private static func twoCharacterOperator(_ first: Unicode.Scalar, _ second: Unicode.Scalar) -> String? {
        switch (first, second) {
        case ("=", "="): return "=="
        case ("!", "="): return "!="
        case ("<", "="): return "<="
        case (">", "="): return ">="
        case ("&", "&"): return "&&"
        case ("|", "|"): return "||"
        default: return nil
        }
    }

    private func text(_ range: Range<Int>) -> String {
        // Through UTF-8 bytes: appending scalars to a UnicodeScalarView one by one was the
        // costliest step of loading a 10,000-item spec.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(range.count)
        for scalar in chars[range] {
            if scalar.isASCII { bytes.append(UInt8(truncatingIfNeeded: scalar.value)) } else {
                UTF8.encode(scalar) { bytes.append($0) }
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    func tokens() -> Result<[Token], ExpressionError> {
        var out: [Token] = []
        var i = 0
        let n = chars.count
        func isNameChar(_ c: Unicode.Scalar) -> Bool { Self.isLetter(c) || Self.isDigit(c) || c == "_" || c == "-" }
        while i < n {
            let c = chars[i]
            let start = i
            if c == " " || c == "\t" || c == "\n" { i += 1; continue }
            let afterDot = out.last?.kind == .punct(".")
            if afterDot && isNameChar(c) && c != "-" {
                while i < n, isNameChar(chars[i]) { i += 1 }
                out.append(Token(kind: .name(text(start..<i)), offset: base + start))
                continue
            }
            if c == "[", let last = out.last, case .name = last.kind, start > 0, chars[start - 1] != " " {
                var j = i + 1
                while j < n, isNameChar(chars[j]) { j += 1 }
                if j < n, chars[j] == "]", j > i + 1 {
                    out.append(Token(kind: .key(text((i + 1)..<j)), offset: base + start))
                    i = j + 1
                    continue
                }
            }
            if Self.isLetter(c) || c == "_" {
                while i < n, Self.isLetter(chars[i]) || Self.isDigit(chars[i]) || chars[i] == "_"
                    || (chars[i] == "-" && i + 1 < n && (Self.isLetter(chars[i + 1]) || Self.isDigit(chars[i + 1]))) {
                    i += 1
                }
                out.append(Token(kind: .name(text(start..<i)), offset: base + start))
                continue
            }
            if Self.isDigit(c) || (c == "$" && i + 1 < n && Self.isDigit(chars[i + 1])) {
                let isMoney = c == "$"
                if isMoney { i += 1 }
                let numberStart = i
                while i < n, Self.isDigit(chars[i]) || chars[i] == "_"
                    || (chars[i] == "." && i + 1 < n && Self.isDigit(chars[i + 1])) {
                    i += 1
                }
                let number = text(numberStart..<i)
                let unitStart = i
                while i < n, Self.isLetter(chars[i]) { i += 1 }
                let unit = text(unitStart..<i)
                if isMoney {
                    out.append(Token(kind: .money(number + unit), offset: base + start))
                } else if unit.isEmpty {
                    out.append(Token(kind: .number(number), offset: base + start))
                } else {
                    out.append(Token(kind: .quantity(number: number, unit: unit), offset: base + start))
                }
                continue
            }
            if c == "'" || c == "\"" {
                switch lexString(from: i, quote: c) {
                case .success(let (text, next)):
                    out.append(Token(kind: .string(text), offset: base + start))
                    i = next
                case .failure(let error):
                    return .failure(error)
                }
                continue
            }
            if i + 1 < n, let two = Self.twoCharacterOperator(c, chars[i + 1]) {
                out.append(Token(kind: .punct(two), offset: base + start))
                i += 2
                continue
            }
            if "+-*/%!<>?:()[],.".unicodeScalars.contains(c) {
                out.append(Token(kind: .punct(String(c)), offset: base + start))
                i += 1
                continue
            }
            var hint: String?
            if c == "=" { hint = "use '==' to compare" }
            if c == "&" || c == "|" { hint = "use '\(c)\(c)'" }
            if c == "{" || c == "}" { hint = "expressions cannot contain braces" }
            return .failure(ExpressionError(message: "unexpected character '\(c)' in expression", offset: base + start,
                                            hint: hint))
        }
        out.append(Token(kind: .end, offset: base + n))
        return .success(out)
    }

    private func lexString(from start: Int, quote: Unicode.Scalar) -> Result<(String, Int), ExpressionError> {
        var i = start + 1
        var text = ""
        while i < chars.count {
            let c = chars[i]
            if c == quote { return .success((text, i + 1)) }
            if c == "\\", i + 1 < chars.count {
                let e = chars[i + 1]
                switch e {
                case "n": text.append("\n")
                case "t": text.append("\t")
                default: text.unicodeScalars.append(e)
                }
                i += 2
                continue
            }
            text.unicodeScalars.append(c)
            i += 1
        }
        return .failure(ExpressionError(message: "string literal is not closed", offset: base + start,
                                        hint: "add the closing \(quote)"))
    }
}
