import Foundation
import GantryBasics

/// Gives every declared variable its value: default, then `GANTRY_VAR_name` from the
/// environment, then var files in order, then `--var name=value` (later wins).
struct VariableResolver {
    var declarations: [VariableDecl]
    var commandLine: [String: String]
    var files: [(name: String, value: SpecValue, location: SourceLocation)]
    var environment: [String: String]

    func resolve() -> (values: [String: SpecValue], diagnostics: [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var values: [String: SpecValue] = [:]
        let byName = Dictionary(declarations.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let names = declarations.map(\.name)
        for decl in declarations {
            if let d = decl.defaultValue { values[decl.name] = d }
            if let text = environment["GANTRY_VAR_\(decl.name)"] {
                switch Self.convert(text, to: decl.type ?? decl.defaultValue.flatMap(Self.inferredType)) {
                case .success(let v): values[decl.name] = v
                case .failure(let message):
                    diagnostics.append(.error("invalid-variable", "GANTRY_VAR_\(decl.name): \(message)", path: "var.\(decl.name)"))
                }
            }
        }
        for (name, value, location) in files {
            guard let decl = byName[name] else {
                diagnostics.append(.error("unknown-variable", "variable file sets '\(name)', which is not declared", at: location,
                                          path: "var.\(name)", hint: EditDistance.hint(for: name, among: names)))
                continue
            }
            values[name] = value
            _ = decl
        }
        for (name, text) in commandLine.sorted(by: { $0.key < $1.key }) {
            guard let decl = byName[name] else {
                diagnostics.append(.error("unknown-variable", "--var sets '\(name)', which is not declared under 'variables:'",
                                          path: "var.\(name)", hint: EditDistance.hint(for: name, among: names)))
                continue
            }
            switch Self.convert(text, to: decl.type ?? decl.defaultValue.flatMap(Self.inferredType)) {
            case .success(let v): values[name] = v
            case .failure(let message):
                diagnostics.append(.error("invalid-variable", "--var \(name)=\(text): \(message)", path: "var.\(name)"))
            }
        }
        for decl in declarations {
            guard let value = values[decl.name] else {
                diagnostics.append(.error("missing-variable", "variable '\(decl.name)' has no value", at: decl.location,
                                          path: "variables.\(decl.name)",
                                          hint: "give it a default, or set it with --var \(decl.name)=…, a var file or GANTRY_VAR_\(decl.name)"))
                continue
            }
            if let type = decl.type, !Self.matches(value, type) {
                diagnostics.append(.error("invalid-variable", "variable '\(decl.name)' is \(value.typeName), but its type is \(type.rawValue)",
                                          at: decl.location, path: "variables.\(decl.name)"))
            }
            if let allowed = decl.allowed, !allowed.contains(where: { Operators.equal($0, value) }) {
                let choices = allowed.compactMap(\.interpolationText)
                diagnostics.append(.error("invalid-variable", "variable '\(decl.name)' is '\(value.interpolationText ?? "?")', which is not allowed",
                                          at: decl.location, path: "variables.\(decl.name)",
                                          expected: "one of: \(choices.joined(separator: ", "))",
                                          hint: value.interpolationText.flatMap { EditDistance.hint(for: $0, among: choices) }))
            }
        }
        return (values, diagnostics)
    }

    static func inferredType(_ value: SpecValue) -> VariableDecl.VariableType? {
        switch value {
        case .int, .double: return .number
        case .bool: return .bool
        case .list: return .list
        case .string: return .string
        default: return nil
        }
    }

    static func matches(_ value: SpecValue, _ type: VariableDecl.VariableType) -> Bool {
        switch (type, value) {
        case (.string, .string), (.number, .int), (.number, .double), (.bool, .bool), (.list, .list): return true
        default: return false
        }
    }

    /// Text from the command line or the environment, read as the variable's type.
    static func convert(_ text: String, to type: VariableDecl.VariableType?) -> Result<SpecValue, ConversionError> {
        switch type {
        case .string, nil:
            return .success(.string(text))
        case .number:
            if let i = Int(text) { return .success(.int(i)) }
            if let d = Double(text), d.isFinite { return .success(.double(d)) }
            return .failure(ConversionError("'\(text)' is not a number"))
        case .bool:
            switch text.lowercased() {
            case "true": return .success(.bool(true))
            case "false": return .success(.bool(false))
            default: return .failure(ConversionError("'\(text)' is not true or false"))
            }
        case .list:
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            let body = trimmed.hasPrefix("[") && trimmed.hasSuffix("]") ? String(trimmed.dropFirst().dropLast()) : trimmed
            let items = body.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"'")) }
            return .success(.list(items.filter { !$0.isEmpty }.map { SpecReader.coreSchema($0) }))
        }
    }

    struct ConversionError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
