/// The JSON marker objects that stand for the before-apply values in documents that must
/// stay plain JSON (plan files): `{"$unknown":true}`, `{"$ref":"address.attribute"}` and
/// `{"$template":[…]}`. The JSON codec reads and writes the same objects with `markers:`.
extension Value {
    /// This value with unknowns, references and templates replaced by marker objects.
    public var markerObjects: Value {
        guard containsUnknown else { return self }
        switch self {
        case .unknown: return ["$unknown": true]
        case .reference(let ref): return ["$ref": .string("\(ref.address.rawValue).\(ref.attribute)")]
        case .template(let parts): return ["$template": .array(parts.map(\.markerObjects))]
        case .array(let items): return .array(items.map(\.markerObjects))
        case .object(let members): return .object(members.mapValues(\.markerObjects))
        default: return self
        }
    }

    /// The reverse of `markerObjects`: marker objects, at any depth, become values again.
    public var resolvingMarkerObjects: Value {
        switch self {
        case .array(let items): return .array(items.map(\.resolvingMarkerObjects))
        case .object(let members): return Value.fromMarker(members.mapValues(\.resolvingMarkerObjects))
        default: return self
        }
    }

    /// One object whose members are already decoded: the value a marker object stands for,
    /// or the object itself.
    static func fromMarker(_ members: [String: Value]) -> Value {
        // One look at the only member instead of a lookup per marker: every parsed object passes here.
        guard members.count == 1, let (key, value) = members.first else { return .object(members) }
        return marker(key, value) ?? .object(members)
    }

    /// The value the one-member object `{key: value}` stands for, if it is a marker — so
    /// a parser can turn `{"$ref": …}` into a reference without building its dictionary.
    static func marker(_ key: String, _ value: Value) -> Value? {
        guard key.hasPrefix("$") else { return nil }
        if key == "$unknown", value == .bool(true) { return .unknown }
        if key == "$template", case .array(let parts) = value { return .interpolated(parts) }
        if key == "$ref", case .string(let text) = value, let dot = text.lastIndex(of: "."),
           dot != text.startIndex, text.index(after: dot) != text.endIndex {
            let address = ResourceAddress(String(text[..<dot]))
            return .reference(.init(address: address, attribute: String(text[text.index(after: dot)...])))
        }
        return nil
    }
}
