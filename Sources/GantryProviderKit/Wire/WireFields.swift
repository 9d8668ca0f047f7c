import GantryBasics

/// Reads the members of one JSON object of a protocol message, throwing a
/// `ProviderError` (`invalid`, provider code `MalformedMessage`) that names the message
/// and the member when a field is missing or has the wrong type.
///
/// ```swift
/// let fields = try WireFields(json, what: "create request")
/// let address = try fields.address("address")
/// ```
struct WireFields {
    let members: [String: Value]
    /// The message being read, for errors: "create request".
    let what: String

    init(_ json: Value, what: String) throws(ProviderError) {
        guard let members = json.objectValue else {
            throw Self.malformed("\(what) must be a JSON object, not \(Self.kind(of: json))")
        }
        self.members = members
        self.what = what
    }

    static func malformed(_ message: String) -> ProviderError {
        ProviderError(.invalid, "malformed message: \(message)", providerCode: "MalformedMessage")
    }

    /// The JSON kind of a value, for messages.
    static func kind(of value: Value) -> String { value.kindName }

    private func wrong(_ key: String, _ expected: String, _ found: Value?) -> ProviderError {
        guard let found, !found.isNull else { return Self.malformed("\(what) has no `\(key)` (\(expected))") }
        return Self.malformed("`\(key)` of the \(what) must be \(expected), not \(Self.kind(of: found))")
    }

    func string(_ key: String) throws(ProviderError) -> String {
        guard let s = members[key]?.stringValue else { throw wrong(key, "a string", members[key]) }
        return s
    }

    func optionalString(_ key: String) throws(ProviderError) -> String? {
        guard let v = members[key], !v.isNull else { return nil }
        guard let s = v.stringValue else { throw wrong(key, "a string", v) }
        return s
    }

    func int(_ key: String) throws(ProviderError) -> Int {
        guard let i = members[key]?.intValue else { throw wrong(key, "an integer", members[key]) }
        return i
    }

    func bool(_ key: String, default fallback: Bool) throws(ProviderError) -> Bool {
        guard let v = members[key], !v.isNull else { return fallback }
        guard let b = v.boolValue else { throw wrong(key, "a boolean", v) }
        return b
    }

    func address(_ key: String) throws(ProviderError) -> ResourceAddress { ResourceAddress(try string(key)) }

    func optionalAddress(_ key: String) throws(ProviderError) -> ResourceAddress? {
        try optionalString(key).map { ResourceAddress($0) }
    }

    /// An object member; absent or null reads as empty.
    func object(_ key: String) throws(ProviderError) -> [String: Value] {
        guard let v = members[key], !v.isNull else { return [:] }
        guard let o = v.objectValue else { throw wrong(key, "an object", v) }
        return o
    }

    func optionalObject(_ key: String) throws(ProviderError) -> [String: Value]? {
        guard let v = members[key], !v.isNull else { return nil }
        guard let o = v.objectValue else { throw wrong(key, "an object", v) }
        return o
    }

    /// An array member; absent or null reads as empty.
    func array(_ key: String) throws(ProviderError) -> [Value] {
        guard let v = members[key], !v.isNull else { return [] }
        guard let a = v.arrayValue else { throw wrong(key, "an array", v) }
        return a
    }

    func strings(_ key: String) throws(ProviderError) -> [String] {
        var out: [String] = []
        for item in try array(key) {
            guard let s = item.stringValue else { throw wrong(key, "an array of strings", item) }
            out.append(s)
        }
        return out
    }

    func addresses(_ key: String) throws(ProviderError) -> [ResourceAddress] {
        try strings(key).map { ResourceAddress($0) }
    }

    /// Each element of an array member read with `decode`; errors say which element.
    func list<T>(_ key: String, _ decode: (Value) throws(ProviderError) -> T) throws(ProviderError) -> [T] {
        var out: [T] = []
        let items = try array(key)
        out.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            do { out.append(try decode(item)) } catch {
                var e = error
                e.message += " (in `\(key)[\(index)]` of the \(what))"
                throw e
            }
        }
        return out
    }

    func optional<T>(_ key: String, _ decode: (Value) throws(ProviderError) -> T) throws(ProviderError) -> T? {
        guard let v = members[key], !v.isNull else { return nil }
        return try decode(v)
    }
}

extension Array where Element == ResourceAddress {
    /// The addresses as a JSON array of strings.
    var json: Value { .array(map { .string($0.rawValue) }) }
}

extension Set where Element == String {
    /// Sorted, so equal sets encode to equal bytes.
    var json: Value { .array(sorted().map(Value.string)) }
}
