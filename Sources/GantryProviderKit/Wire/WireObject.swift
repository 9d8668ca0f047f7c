import GantryBasics

/// A protocol message written straight into JSON bytes: the big and frequent ones (lower,
/// plan, create, update, delete, read and their answers).
///
/// A 10,000-item `lower` spent more time building `Value` dictionaries for its envelopes
/// than writing JSON; these messages skip the tree. Their members are listed once, in
/// `writeWire(to:)`; `wireValue` is read back from the bytes, so both forms always agree.
///
/// ```swift
/// let bytes = try request.wireJSON()          // {"address":"…","type":"…",…}
/// let back = try CreateRequest(wireValue: request.wireValue)
/// ```
public protocol WireObject: WireRepresentable {
    /// Writes the message's members into `object`, whose `markers` are on.
    func writeWire(to object: inout JSONObjectWriter) throws(JSONError)
}

extension WireObject {
    /// The message as compact JSON with marker objects, as it crosses the boundary.
    /// - Throws: `ProviderError` (`invalid`, `UnencodableMessage`) for a value JSON cannot
    ///   hold (a NaN), naming where it is.
    public func wireJSON() throws(ProviderError) -> [UInt8] {
        var object = JSONObjectWriter(markers: true)
        do { try writeWire(to: &object) } catch { throw ProviderError(unencodable: error) }
        return object.finish()
    }

    /// The message as a `Value`, read back from `wireJSON()`; `.null` when it cannot be
    /// encoded — the wire refuses such a message too.
    public var wireValue: Value {
        guard let json = try? wireJSON() else { return .null }
        return (try? JSON.parse(json, markers: true)) ?? .null
    }
}

extension Array where Element: WireObject {
    /// `{key: [message, …]}` as JSON: the params of plan, create, update and delete, and
    /// every batched answer.
    /// - Throws: `ProviderError` (`UnencodableMessage`), as `wireJSON()`.
    public func wireJSON(under key: String) throws(ProviderError) -> [UInt8] {
        var object = JSONObjectWriter(markers: true)
        do { try object.messages(key, self) } catch { throw ProviderError(unencodable: error) }
        return object.finish()
    }
}

extension JSONObjectWriter {
    /// A member holding one message.
    mutating func message(_ key: String, _ message: some WireObject) throws(JSONError) {
        try object(key) { (nested: inout JSONObjectWriter) throws(JSONError) in try message.writeWire(to: &nested) }
    }

    /// A member holding an array of messages.
    mutating func messages<S: Sequence>(_ key: String, _ messages: S) throws(JSONError) where S.Element: WireObject {
        try array(key, messages) { (message, element: inout JSONArrayElement) throws(JSONError) in
            try element.object { (nested: inout JSONObjectWriter) throws(JSONError) in try message.writeWire(to: &nested) }
        }
    }

    /// A member holding addresses as strings.
    mutating func addresses(_ key: String, _ addresses: [ResourceAddress]) {
        array(key, addresses) { address, element in element.string(address.rawValue) }
    }

    /// A member holding strings.
    mutating func strings<S: Sequence<String>>(_ key: String, _ strings: S) {
        array(key, strings) { string, element in element.string(string) }
    }
}

extension ProviderError {
    /// A message that JSON cannot carry (a NaN or infinity in an attribute).
    init(unencodable error: JSONError) {
        self.init(.invalid, "a message could not be encoded as JSON: \(error)", providerCode: "UnencodableMessage")
    }
}
