import GantryBasics

/// A protocol message that reads itself straight from JSON text, skipping the `Value`
/// tree: the big and frequent ones (lower, read, plan, create, update and delete, and
/// their answers), each the mirror of its `writeWire(to:)`.
///
/// The direct reader is the fast path only. It accepts exactly what `init(wireValue:)`
/// accepts and gives the same message; at anything else it throws, and `init(wire:)`
/// reads the text again as a `Value` so the error names the field as it always has.
/// `WireReaderTests` holds the two paths to that.
protocol WireReadable: WireRepresentable {
    /// Reads the message from the next value of `reader`.
    /// - Throws: `JSONError` at the first member that is missing, malformed or not the
    ///   shape expected; the caller falls back to `init(wireValue:)`.
    init(reading reader: inout JSONReader) throws(JSONError)
}

extension WireReadable {
    /// Reads the message from text: directly, or through `init(wireValue:)` for the
    /// precise error.
    /// - Throws: `ProviderError` (`invalid`, `MalformedMessage`) as `init(wireValue:)`.
    init(wire: RawJSON) throws(ProviderError) {
        if let message = try? wire.read({ (reader: inout JSONReader) throws(JSONError) in try Self(reading: &reader) }) {
            self = message
        } else {
            try self.init(wireValue: try wire.treeForErrors())
        }
    }
}

extension Array where Element: WireReadable {
    /// Reads `{key: [message, …]}` (a batch's params or answer), as
    /// `WireFields(_, what:).list(key)` reads it.
    /// - Throws: `ProviderError` (`invalid`, `MalformedMessage`) naming the element.
    init(wire: RawJSON, under key: String, what: String) throws(ProviderError) {
        let fast = try? wire.read { (reader: inout JSONReader) throws(JSONError) -> [Element] in
            var list: [Element]?
            try reader.readObject { (member, reader: inout JSONReader) throws(JSONError) in
                if member == key { list = try reader.readList { (r: inout JSONReader) throws(JSONError) in try Element(reading: &r) } }
                else { try reader.skipValue() }
            }
            // An absent list reads as empty, as WireFields.array reads it.
            return list ?? []
        }
        if let fast {
            self = fast
        } else {
            self = try WireFields(try wire.treeForErrors(), what: what).list(key) { v throws(ProviderError) in
                try Element(wireValue: v)
            }
        }
    }
}

extension RawJSON {
    /// The text as a `Value`, for reading the slow way; text that is not JSON (which
    /// envelopes have already refused) is a malformed message.
    func treeForErrors() throws(ProviderError) -> Value {
        do { return try value() } catch { throw WireFields.malformed("not JSON: \(error)") }
    }
}

/// The member shapes of protocol messages, read as `WireFields` reads them: every method
/// accepts what the matching `WireFields` method accepts, including `null` for "absent"
/// where that allows it.
extension JSONReader {
    /// A string that may be `null`.
    mutating func readOptionalString() throws(JSONError) -> String? {
        try readNull() ? nil : try readString()
    }

    /// An attribute object; `null` reads as empty. Marker objects are not objects.
    mutating func readMembers() throws(JSONError) -> [String: Value] {
        switch try readValue() {
        case .null: return [:]
        case .object(let members): return members
        default: throw shape("an object")
        }
    }

    /// An attribute object that may be `null` (absent).
    mutating func readOptionalMembers() throws(JSONError) -> [String: Value]? {
        switch try readValue() {
        case .null: return nil
        case .object(let members): return members
        default: throw shape("an object")
        }
    }

    /// An array read element by element; `null` reads as empty.
    mutating func readList<T>(_ element: (inout JSONReader) throws(JSONError) -> T) throws(JSONError) -> [T] {
        if try readNull() { return [] }
        var out: [T] = []
        try readArray { (reader: inout JSONReader) throws(JSONError) in out.append(try element(&reader)) }
        return out
    }

    /// An array of strings; `null` reads as empty.
    mutating func readStrings() throws(JSONError) -> [String] {
        try readList { (reader: inout JSONReader) throws(JSONError) in try reader.readString() }
    }

    /// An array of addresses; `null` reads as empty.
    mutating func readAddresses() throws(JSONError) -> [ResourceAddress] {
        try readList { (reader: inout JSONReader) throws(JSONError) in ResourceAddress(try reader.readString()) }
    }

    /// A nested message that may be `null` (absent).
    mutating func readOptional<T: WireReadable>(_: T.Type) throws(JSONError) -> T? {
        try readNull() ? nil : try T(reading: &self)
    }

    /// A message read the `Value` way, for small members that have no direct reader
    /// (diagnostics, errors); a malformed one is a `.shape` error, so the caller falls back.
    mutating func readTree<T: WireRepresentable>(_: T.Type) throws(JSONError) -> T {
        let value = try readValue()
        do { return try T(wireValue: value) } catch { throw shape("a well-formed message") }
    }

    /// `value`, or a `.shape` error when the required member never came.
    static func required<T>(_ value: T?, _ member: String) throws(JSONError) -> T {
        guard let value else { throw JSONError(kind: .shape, message: "missing `\(member)`") }
        return value
    }
}
