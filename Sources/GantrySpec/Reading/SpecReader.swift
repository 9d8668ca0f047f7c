import GantryBasics

/// Reads YAML nodes into evaluated, typed values, collecting every problem as a diagnostic.
///
/// One reader is used for a whole load so diagnostics, used variables and references
/// accumulate in one place. Accessors return nil after reporting when a value is missing or
/// malformed, and also nil (without a report) when the value is unknown until apply — the
/// caller keeps the evaluated `SpecValue` for the intent in both cases.
struct SpecReader {
    private(set) var diagnostics: [Diagnostic] = []
    var evaluator: Evaluator
    /// References seen since the last `takeReferences()`, with where they were written.
    private var pendingReferences: [Located<ItemReference>] = []

    init(scope: EvaluationScope) {
        evaluator = Evaluator(scope: scope)
    }

    var scope: EvaluationScope { evaluator.scope }

    mutating func report(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }

    mutating func error(_ code: String, _ message: String, at location: SourceLocation, path: String,
                        expected: String? = nil, hint: String? = nil) {
        diagnostics.append(.error(code, message, at: location, path: path, expected: expected, hint: hint))
    }

    /// References recorded since the previous call.
    mutating func takeReferences() -> [Located<ItemReference>] {
        defer { pendingReferences = [] }
        return pendingReferences
    }

    // MARK: - Generic evaluation

    /// Evaluates any node: scalars by YAML's core schema or as templates, collections deeply.
    ///
    /// `path` names the node in diagnostics. Here and in the typed readers it is an
    /// autoclosure, built only when a problem is reported: joining a path for every node
    /// of a 10,000-item spec cost more than evaluating most of them.
    mutating func value(_ node: YAMLNode, path: @autoclosure () -> String) -> SpecValue {
        switch node.content {
        case .scalar(let scalar):
            return scalarValue(scalar, at: node.location, path: path())
        case .sequence(let items):
            var out: [SpecValue] = []
            out.reserveCapacity(items.count)
            for (i, item) in items.enumerated() { out.append(value(item, path: "\(path())[\(i)]")) }
            return .list(out)
        case .mapping(let entries):
            var out: [String: SpecValue] = [:]
            for entry in entries { out[entry.key] = value(entry.value, path: "\(path()).\(entry.key)") }
            return .map(out)
        }
    }

    /// A scalar's value. Quoted and tagged-string scalars are strings; plain ones follow the
    /// YAML 1.2 core schema (null, booleans, integers, floats). `${…}` is evaluated in both.
    mutating func scalarValue(_ scalar: YAMLNode.Scalar, at location: SourceLocation,
                              path: @autoclosure () -> String) -> SpecValue {
        if let tag = scalar.tag, !Self.coreTags.contains(tag), tag != "!" {
            // CloudFormation-style `!Ref x` would otherwise pass silently as the string "x".
            error("yaml-tag", "YAML tag '\(tag)' is not supported", at: location, path: path(),
                  hint: "write references as \"${kind.name.attribute}\"")
            return .unknown
        }
        if Template.mayContainExpression(scalar.text) {
            switch Template.parse(scalar.text) {
            case .failure(let e):
                report(e, scalar: scalar, at: location, path: path())
                return .unknown
            case .success(let parts):
                do {
                    let before = evaluator.references.count
                    let result = try evaluator.evaluate(parts)
                    for (reference, offset) in evaluator.references[before...] {
                        pendingReferences.append(Located(reference, at: Self.location(of: offset, in: scalar, at: location)))
                    }
                    return result
                } catch {
                    report(error, scalar: scalar, at: location, path: path())
                    return .unknown
                }
            }
        }
        if scalar.style != .plain || scalar.tag == "tag:yaml.org,2002:str" { return .string(scalar.text) }
        return Self.coreSchema(scalar.text)
    }

    private static let coreTags: Set<String> = ["tag:yaml.org,2002:str", "tag:yaml.org,2002:int",
                                                "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
                                                "tag:yaml.org,2002:null"]

    static func coreSchema(_ text: String) -> SpecValue {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        default: break
        }
        guard let first = text.utf8.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+")
            || first == UInt8(ascii: ".") || (first >= 0x30 && first <= 0x39) else { return .string(text) }
        if let i = Int(text) { return .int(i) }
        if text.hasPrefix("0x"), let i = Int(text.dropFirst(2), radix: 16) { return .int(i) }
        if text.hasPrefix("0o"), let i = Int(text.dropFirst(2), radix: 8) { return .int(i) }
        if text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }), let d = Double(text), d.isFinite {
            return .double(d)
        }
        return .string(text)
    }

    private mutating func report(_ e: ExpressionError, scalar: YAMLNode.Scalar, at location: SourceLocation, path: String) {
        diagnostics.append(.error(e.code, e.message, at: Self.location(of: e.offset, in: scalar, at: location), path: path,
                                  expected: e.expected, hint: e.hint))
    }

    /// The file position of character `offset` of a scalar: exact for one-line plain and
    /// quoted scalars, the scalar's start otherwise (escapes and folding move characters).
    static func location(of offset: Int, in scalar: YAMLNode.Scalar, at location: SourceLocation) -> SourceLocation {
        guard !scalar.text.utf8.contains(UInt8(ascii: "\n")) else { return location }
        var loc = location
        switch scalar.style {
        case .plain: loc.column += offset
        case .singleQuoted, .doubleQuoted: loc.column += offset + 1
        case .literal, .folded: return location
        }
        return loc
    }
}

