import GantryBasics

/// The few built-in functions: `min`, `max`, `lower`, `upper`, `length`, `contains`.
enum Functions {
    static let names = ["min", "max", "lower", "upper", "length", "contains"]

    static func call(_ name: String, _ args: [SpecValue], offset: Int) throws(ExpressionError) -> SpecValue {
        func arity(_ n: Int) throws(ExpressionError) {
            guard args.count == n else {
                throw ExpressionError(message: "\(name)() takes \(n) argument\(n == 1 ? "" : "s"), not \(args.count)",
                                      offset: offset, code: "function")
            }
        }
        if args.contains(where: \.isUnknown) {
            guard names.contains(name) else { throw unknownFunction(name, offset) }
            return .unknown
        }
        switch name {
        case "min", "max":
            guard !args.isEmpty else { try arity(2); return .null }
            var best = args[0]
            for a in args.dropFirst() {
                guard let order = Operators.compare(a, best) else {
                    throw ExpressionError(message: "\(name)() cannot compare \(a.typeName) with \(best.typeName)",
                                          offset: offset, code: "type-mismatch")
                }
                if (name == "min" && order < 0) || (name == "max" && order > 0) { best = a }
            }
            return best
        case "lower", "upper":
            try arity(1)
            guard case .string(let s) = args[0] else {
                throw ExpressionError(message: "\(name)() needs a string, not \(args[0].typeName)", offset: offset,
                                      code: "type-mismatch")
            }
            return .string(name == "lower" ? s.lowercased() : s.uppercased())
        case "length":
            try arity(1)
            switch args[0] {
            case .string(let s): return .int(s.count)
            case .list(let l): return .int(l.count)
            case .map(let m): return .int(m.count)
            default:
                throw ExpressionError(message: "length() needs a string, list or mapping, not \(args[0].typeName)",
                                      offset: offset, code: "type-mismatch")
            }
        case "contains":
            try arity(2)
            switch args[0] {
            case .list(let l): return .bool(l.contains { Operators.equal($0, args[1]) })
            case .string(let s):
                guard case .string(let t) = args[1] else { return .bool(false) }
                return .bool(s.contains(t))
            case .map(let m):
                guard case .string(let k) = args[1] else { return .bool(false) }
                return .bool(m[k] != nil)
            default:
                throw ExpressionError(message: "contains() needs a list, string or mapping first, not \(args[0].typeName)",
                                      offset: offset, code: "type-mismatch")
            }
        default:
            throw unknownFunction(name, offset)
        }
    }

    private static func unknownFunction(_ name: String, _ offset: Int) -> ExpressionError {
        ExpressionError(message: "unknown function '\(name)'", offset: offset,
                        expected: "one of: \(names.joined(separator: ", "))",
                        hint: EditDistance.hint(for: name, among: names), code: "unknown-function")
    }
}
