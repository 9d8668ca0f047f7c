import GantryBasics

extension SpecValue {
    /// The canonical `Value` of an evaluated spec value.
    ///
    /// Sizes become `.int` GiB (rounded up), durations `.int` seconds and money `.double` dollars. A
    /// reference becomes `.reference` to the address `bind` gives it (the instance in the
    /// right region), or `.unknown` when it cannot be bound (already reported); a template
    /// becomes a `Value.template` of its bound parts.
    func toValue(_ bind: (ItemReference) -> ResourceAddress? = { _ in nil }) -> Value {
        switch self {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .double(let d): return .double(d)
        case .string(let s): return .string(s)
        case .size(let s): return .int(Int((s.bytes + (1 << 30) - 1) >> 30))
        case .duration(let d): return .int(Int(d.seconds))
        case .money(let m): return .double(m.dollars)
        case .list(let items): return .array(items.map { $0.toValue(bind) })
        case .map(let map): return .object(map.mapValues { $0.toValue(bind) })
        case .unknown: return .unknown
        case .reference(let r):
            guard let address = bind(r) else { return .unknown }
            return .reference(Value.Reference(address: address, attribute: r.attribute))
        case .template(let parts):
            return .interpolated(parts.map { $0.toValue(bind) })
        }
    }
}
