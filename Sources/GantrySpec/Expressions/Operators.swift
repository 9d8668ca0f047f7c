import GantryBasics

/// Binary operators on evaluated values, including typed units: sizes, durations and
/// money add and subtract within their own kind, scale by numbers, and compare.
enum Operators {
    static func apply(_ op: Expression.BinaryOperator, _ l: SpecValue, _ r: SpecValue,
                      offset: Int) throws(ExpressionError) -> SpecValue {
        switch op {
        case .and, .or:
            // Short-circuit on a known operand even when the other is unknown.
            if case .bool(let b) = l, b == (op == .or) { return .bool(b) }
            if case .bool(let b) = r, b == (op == .or), l.isUnknown { return .bool(b) }
            if l.isUnknown || r.isUnknown { return .unknown }
            guard case .bool(let a) = l, case .bool(let b) = r else {
                throw mismatch(op, l, r, offset: offset)
            }
            return .bool(op == .and ? a && b : a || b)
        case .equal, .notEqual:
            if l.isUnknown || r.isUnknown { return .unknown }
            let same = equal(l, r)
            return .bool(op == .equal ? same : !same)
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            if l.isUnknown || r.isUnknown { return .unknown }
            guard let order = compare(l, r) else { throw mismatch(op, l, r, offset: offset) }
            switch op {
            case .less: return .bool(order < 0)
            case .lessOrEqual: return .bool(order <= 0)
            case .greater: return .bool(order > 0)
            default: return .bool(order >= 0)
            }
        case .add, .subtract, .multiply, .divide, .remainder:
            if l.isUnknown || r.isUnknown { return .unknown }
            return try arithmetic(op, l, r, offset: offset)
        }
    }

    private static func mismatch(_ op: Expression.BinaryOperator, _ l: SpecValue, _ r: SpecValue,
                                 offset: Int) -> ExpressionError {
        ExpressionError(message: "'\(op.rawValue)' cannot be applied to \(l.typeName) and \(r.typeName)", offset: offset,
                        code: "type-mismatch")
    }

    static func equal(_ l: SpecValue, _ r: SpecValue) -> Bool {
        if let a = number(l), let b = number(r) { return a == b }
        return l == r
    }

    private static func number(_ v: SpecValue) -> Double? {
        switch v {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }

    /// -1, 0, 1; nil when the values cannot be ordered against each other.
    static func compare(_ l: SpecValue, _ r: SpecValue) -> Int? {
        func order<T: Comparable>(_ a: T, _ b: T) -> Int { a < b ? -1 : a == b ? 0 : 1 }
        switch (l, r) {
        case (.size(let a), .size(let b)): return order(a, b)
        case (.duration(let a), .duration(let b)): return order(a, b)
        case (.money(let a), .money(let b)): return order(a, b)
        case (.string(let a), .string(let b)): return order(a, b)
        default:
            guard let a = number(l), let b = number(r) else { return nil }
            return order(a, b)
        }
    }

    private static func arithmetic(_ op: Expression.BinaryOperator, _ l: SpecValue, _ r: SpecValue,
                                   offset: Int) throws(ExpressionError) -> SpecValue {
        let overflow = ExpressionError(message: "arithmetic overflow", offset: offset, code: "arithmetic")
        let byZero = ExpressionError(message: "division by zero", offset: offset, code: "arithmetic")
        switch (l, r) {
        case (.int(let a), .int(let b)):
            switch op {
            case .add: let (v, o) = a.addingReportingOverflow(b); if o { throw overflow }; return .int(v)
            case .subtract: let (v, o) = a.subtractingReportingOverflow(b); if o { throw overflow }; return .int(v)
            case .multiply: let (v, o) = a.multipliedReportingOverflow(by: b); if o { throw overflow }; return .int(v)
            case .divide:
                if b == 0 { throw byZero }
                return a % b == 0 ? .int(a / b) : .double(Double(a) / Double(b))
            default:
                if b == 0 { throw byZero }
                return .int(a % b)
            }
        case (.string(let a), .string(let b)) where op == .add:
            return .string(a + b)
        default:
            break
        }
        if let a = number(l), let b = number(r) {
            switch op {
            case .add: return .double(a + b)
            case .subtract: return .double(a - b)
            case .multiply: return .double(a * b)
            case .divide: if b == 0 { throw byZero }; return .double(a / b)
            default: if b == 0 { throw byZero }; return .double(a.truncatingRemainder(dividingBy: b))
            }
        }
        // Units: (unit ± unit) → unit, (unit × n), (n × unit), (unit ÷ n) → unit, (unit ÷ unit) → number.
        guard let (lu, lk) = unitAmount(l) ?? number(l).map({ (Double($0), UnitKind.none) }),
              let (ru, rk) = unitAmount(r) ?? number(r).map({ (Double($0), UnitKind.none) }) else {
            throw mismatch(op, l, r, offset: offset)
        }
        let kind: UnitKind
        let amount: Double
        switch (op, lk, rk) {
        case (.add, let a, let b) where a == b && a != .none: kind = a; amount = lu + ru
        case (.subtract, let a, let b) where a == b && a != .none: kind = a; amount = lu - ru
        case (.multiply, let a, .none) where a != .none: kind = a; amount = lu * ru
        case (.multiply, .none, let b) where b != .none: kind = b; amount = lu * ru
        case (.divide, let a, .none) where a != .none:
            if ru == 0 { throw byZero }
            kind = a; amount = lu / ru
        case (.divide, let a, let b) where a == b && a != .none:
            if ru == 0 { throw byZero }
            return .double(lu / ru)
        default:
            throw mismatch(op, l, r, offset: offset)
        }
        guard amount.isFinite, abs(amount) < 9.2e18 else { throw overflow }
        let whole = Int64(amount.rounded())
        switch kind {
        case .size: return .size(ByteSize(bytes: whole))
        case .duration: return .duration(TimeSpan(seconds: whole))
        case .money: return .money(Money(microdollars: whole))
        case .none: return .double(amount)
        }
    }

    private enum UnitKind { case none, size, duration, money }

    private static func unitAmount(_ v: SpecValue) -> (Double, UnitKind)? {
        switch v {
        case .size(let s): return (Double(s.bytes), .size)
        case .duration(let d): return (Double(d.seconds), .duration)
        case .money(let m): return (Double(m.microdollars), .money)
        default: return nil
        }
    }
}
