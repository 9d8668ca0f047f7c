import GantryBasics

/// A value while the spec is being evaluated: `Value` plus typed units and references that
/// still name a spec item rather than a concrete (per-region) address.
///
/// Units stay typed during evaluation so `24TiB * 2` is a size and `30d < 1y` compares
/// durations; they become canonical numbers only when an intent is built (see
/// `SpecValue.toValue`). A reference keeps `kind.name[key].attribute` because which
/// instance of a multi-region item it means depends on the region of the item that refers
/// to it, which is known only when items are expanded per region.
enum SpecValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case size(ByteSize)
    case duration(TimeSpan)
    case money(Money)
    case list([SpecValue])
    case map([String: SpecValue])
    /// Depends on something known only after apply.
    case unknown
    /// An attribute of another spec item.
    case reference(ItemReference)
    /// A string interpolating references (`"${networks.main.id}-sg"`): `.string` text and
    /// `.reference` parts, joined by the engine once the references resolve.
    case template([SpecValue])

    /// What a value is, as error messages say it (`a size`, `a string`).
    var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .int, .double: return "a number"
        case .string: return "a string"
        case .size: return "a size"
        case .duration: return "a duration"
        case .money: return "an amount of money"
        case .list: return "a list"
        case .map: return "a mapping"
        case .unknown, .reference, .template: return "a value known only after apply"
        }
    }

    var isUnknown: Bool {
        switch self {
        case .unknown, .reference, .template: return true
        default: return false
        }
    }

    /// The text a value takes inside string interpolation, nil for lists and mappings.
    var interpolationText: String? {
        switch self {
        case .null, .bool, .int, .double, .string: return toValue().interpolationText
        case .size(let s): return s.description
        case .duration(let d): return d.description
        case .money(let m): return m.description
        case .list, .map, .unknown, .reference, .template: return nil
        }
    }
}

/// `${kind.name[key].attribute}` as written, before it is bound to a per-region address.
struct ItemReference: Sendable, Hashable {
    var kind: String
    var name: String
    /// The explicit instance key (`[us-east-1]`), if the reference names one.
    var key: String?
    var attribute: String
}
