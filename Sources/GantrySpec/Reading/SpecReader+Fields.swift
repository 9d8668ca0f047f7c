import GantryBasics

extension SpecReader {
    /// Checks that `node` is a mapping whose keys are all in `allowed`; unknown keys are
    /// reported with a did-you-mean, and `required` keys that are missing are reported too.
    /// `what` names the mapping in those reports, and is built only for one.
    mutating func fields(_ node: YAMLNode, path: String, allowed: [String], required: [String] = [],
                         what: @autoclosure () -> String) -> Fields? {
        guard let entries = node.mapping else {
            if node.scalar?.text.isEmpty == true && node.scalar?.style == .plain && required.isEmpty {
                return Fields(node: node, path: path, entries: [])
            }
            error("type-mismatch", "\(what()) must be a mapping, not \(node.kindName)", at: node.location, path: path,
                  expected: "a mapping with keys: \(allowed.joined(separator: ", "))")
            return nil
        }
        let fields = Fields(node: node, path: path, entries: entries)
        for entry in entries where !allowed.contains(entry.key) {
            error("unknown-key", "unknown key '\(entry.key)' in \(what())", at: entry.keyLocation, path: fields.path(entry.key),
                  expected: "one of: \(allowed.joined(separator: ", "))",
                  hint: EditDistance.hint(for: entry.key, among: allowed))
        }
        for key in required where fields[key] == nil {
            error("missing-key", "\(what()) needs '\(key)'", at: node.location, path: path)
        }
        return fields
    }

    /// Evaluates a field and converts it with `convert`, which returns the typed value or
    /// the `expected` text for the error.
    private mutating func typed<T>(_ node: YAMLNode?, path: @autoclosure () -> String,
                                   convert: (SpecValue) -> Result<T, UnitParseError>) -> Field<T> {
        guard let node else { return .absent }
        let reported = diagnostics.count
        let value = value(node, path: path())
        if value.isUnknown {
            // An error inside the expression has been reported already; otherwise the
            // value legitimately depends on another item.
            return diagnostics.count > reported ? .invalid : .unknown(value)
        }
        switch convert(value) {
        case .success(let t): return .known(Located(t, at: node.location))
        case .failure(let e):
            error(e.text == Self.typeMismatchMarker ? "type-mismatch" : "invalid-value", e.message, at: node.location,
                  path: path(), expected: e.expected, hint: e.hint)
            return .invalid
        }
    }

    /// Marks a conversion failure as a wrong type rather than a malformed value of the right type.
    private static let typeMismatchMarker = "\u{0}type-mismatch"

    private static func mismatch(_ value: SpecValue, _ expected: String) -> UnitParseError {
        UnitParseError(text: typeMismatchMarker, message: "expected \(expected), found \(value.typeName)\(Self.show(value))",
                       expected: expected)
    }

    private static func show(_ value: SpecValue) -> String {
        guard let text = value.interpolationText, !text.isEmpty else { return "" }
        return " '\(text.count > 40 ? String(text.prefix(40)) + "…" : text)'"
    }

    mutating func string(_ node: YAMLNode?, path: @autoclosure () -> String, oneOf allowed: [String]? = nil)
        -> Field<String> {
        typed(node, path: path()) { value in
            let text: String
            switch value {
            case .string(let s): text = s
            case .int, .double, .bool: text = value.interpolationText ?? ""
            default: return .failure(Self.mismatch(value, allowed.map { "one of: \($0.joined(separator: ", "))" } ?? "a string"))
            }
            if let allowed, !allowed.contains(text) {
                return .failure(UnitParseError(text: text, message: "'\(text)' is not a valid choice",
                                               expected: "one of: \(allowed.joined(separator: ", "))",
                                               hint: EditDistance.hint(for: text, among: allowed)))
            }
            return .success(text)
        }
    }

    mutating func int(_ node: YAMLNode?, path: @autoclosure () -> String, minimum: Int? = nil) -> Field<Int> {
        typed(node, path: path()) { value in
            var number: Int?
            switch value {
            case .int(let i): number = i
            case .double(let d) where d == d.rounded() && abs(d) < 9e15: number = Int(d)
            case .string(let s): number = Int(s)
            default: break
            }
            guard let n = number else { return .failure(Self.mismatch(value, "a whole number")) }
            if let minimum, n < minimum {
                return .failure(UnitParseError(text: String(n), message: "\(n) is too small",
                                               expected: "a whole number ≥ \(minimum)"))
            }
            return .success(n)
        }
    }

    mutating func bool(_ node: YAMLNode?, path: @autoclosure () -> String) -> Field<Bool> {
        typed(node, path: path()) { value in
            if case .bool(let b) = value { return .success(b) }
            return .failure(Self.mismatch(value, "true or false"))
        }
    }

    mutating func size(_ node: YAMLNode?, path: @autoclosure () -> String) -> Field<ByteSize> {
        typed(node, path: path()) { value in
            switch value {
            case .size(let s): return .success(s)
            case .string(let s): return ByteSize.parse(s)
            case .int(let i):
                return .failure(UnitParseError(text: String(i), message: "size \(i) has no unit",
                                               expected: "a size with a unit, such as 24TiB, 512GiB or 500GB",
                                               hint: "write \(i)GiB or \(i)TiB"))
            default: return .failure(Self.mismatch(value, "a size such as 24TiB"))
            }
        }
    }

    mutating func duration(_ node: YAMLNode?, path: @autoclosure () -> String) -> Field<TimeSpan> {
        typed(node, path: path()) { value in
            switch value {
            case .duration(let d): return .success(d)
            case .string(let s): return TimeSpan.parse(s)
            case .int(let i):
                return .failure(UnitParseError(text: String(i), message: "duration \(i) has no unit",
                                               expected: "a duration with a unit, such as 30s, 12h or 30d",
                                               hint: "write \(i)d for days or \(i)s for seconds"))
            default: return .failure(Self.mismatch(value, "a duration such as 30d"))
            }
        }
    }

    mutating func money(_ node: YAMLNode?, path: @autoclosure () -> String) -> Field<Money> {
        typed(node, path: path()) { value in
            switch value {
            case .money(let m): return .success(m)
            case .string(let s): return Money.parse(s)
            case .int(let i): return .success(Money(microdollars: Int64(i) * 1_000_000))
            case .double(let d) where d.isFinite && abs(d) < 9e12: return .success(Money(microdollars: Int64((d * 1e6).rounded())))
            default: return .failure(Self.mismatch(value, "an amount such as $12.50"))
            }
        }
    }

    /// A list of strings; a single string is accepted as a list of one.
    mutating func stringList(_ node: YAMLNode?, path: @autoclosure () -> String, oneOf allowed: [String]? = nil)
        -> [Field<String>] {
        guard let node else { return [] }
        if let items = node.sequence {
            return items.enumerated().map { i, item in string(item, path: "\(path())[\(i)]", oneOf: allowed) }
        }
        if node.scalar != nil {
            let value = value(node, path: path())
            if case .list(let values) = value {
                // `regions: "${var.regions}"`: a list variable.
                return values.enumerated().map { i, v in
                    if let s = v.interpolationText, !v.isUnknown, !(allowed.map { !$0.contains(s) } ?? false) {
                        return .known(Located(s, at: node.location))
                    }
                    error("type-mismatch", "expected a list of strings, found \(v.typeName) at index \(i)",
                          at: node.location, path: path())
                    return .invalid
                }
            }
            return [string(node, path: path(), oneOf: allowed)]
        }
        error("type-mismatch", "expected a list of strings, found \(node.kindName)", at: node.location, path: path())
        return []
    }

    /// A mapping of strings to strings (labels, tags).
    mutating func stringMap(_ node: YAMLNode?, path: @autoclosure () -> String) -> [String: Field<String>] {
        guard let node else { return [:] }
        guard let entries = node.mapping else {
            error("type-mismatch", "expected a mapping of names to strings, found \(node.kindName)", at: node.location,
                  path: path())
            return [:]
        }
        var out: [String: Field<String>] = [:]
        for entry in entries { out[entry.key] = string(entry.value, path: "\(path()).\(entry.key)") }
        return out
    }
}
