import GantryBasics

/// One JSON-RPC 2.0 message of the plugin protocol: a request, a notification, or a
/// response carrying a result or an error. One message is one line of JSON.
///
/// ```swift
/// let line = try RPCMessage.request(id: 1, method: "schema", params: [:]).encoded()
/// let back = try RPCMessage.decode(line)
/// ```
public enum RPCMessage: Sendable, Hashable {
    /// A call that expects a response with the same `id`.
    case request(id: Int, method: String, params: Value)
    /// A one-way message (`cancel`).
    case notification(method: String, params: Value)
    /// The answer to request `id`.
    case result(id: Int, result: Value)
    /// A failed request; `id` is nil when the request itself could not be read.
    case error(id: Int?, RPCError)

    /// The message as one line of JSON, without the newline.
    public func encoded() throws(ProviderError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        try append(to: &out)
        return out
    }

    /// Appends the message as JSON (no newline) to `buffer`.
    public func append(to buffer: inout [UInt8]) throws(ProviderError) {
        switch self {
        case .request(let id, let method, let params):
            Self.appendRequest(id: id, method: method, paramsJSON: try Self.json(params), to: &buffer)
        case .notification(let method, let params):
            let json = try Self.json(params)
            Self.appendEnvelope(id: nil, to: &buffer) { object in
                object.string("method", method)
                object.json("params", json)
            }
        case .result(let id, let result):
            Self.appendResult(id: id, resultJSON: try Self.json(result), to: &buffer)
        case .error(let id, let error):
            let json = try Self.json(error.wireValue)
            Self.appendEnvelope(id: .some(id), to: &buffer) { object in object.json("error", json) }
        }
    }

    /// Appends a request whose params are JSON text already — a message written straight
    /// to bytes (`WireObject`), so big requests skip the `Value` tree.
    public static func appendRequest(id: Int, method: String, paramsJSON: [UInt8], to buffer: inout [UInt8]) {
        appendEnvelope(id: id, to: &buffer) { object in
            object.string("method", method)
            object.json("params", paramsJSON)
        }
    }

    /// Appends a result whose value is JSON text already; see `appendRequest`.
    public static func appendResult(id: Int, resultJSON: [UInt8], to buffer: inout [UInt8]) {
        appendEnvelope(id: id, to: &buffer) { object in object.json("result", resultJSON) }
    }

    /// `{"jsonrpc":"2.0","id":…` then `members`; `id` nil leaves it out (a notification),
    /// `.some(nil)` writes null (an error answering a request that could not be read).
    private static func appendEnvelope(id: Int??, to buffer: inout [UInt8],
                                       _ members: (inout JSONObjectWriter) -> Void) {
        var object = JSONObjectWriter(appendingTo: &buffer, markers: true)
        object.string("jsonrpc", "2.0")
        switch id {
        case .none: break
        case .some(.none): object.null("id")
        case .some(.some(let id)): object.int("id", id)
        }
        members(&object)
        buffer = object.finish()
    }

    /// `value` as compact JSON with marker objects, as every message carries it.
    static func json(_ value: Value) throws(ProviderError) -> [UInt8] {
        do { return try JSON.encodeBytes(value, sortedKeys: false, markers: true) } catch {
            throw ProviderError(unencodable: error)
        }
    }

    /// Reads one message from a line of JSON.
    ///
    /// - Throws: `RPCError` with a JSON-RPC code (`parseError`, `invalidRequest`) and the
    ///   request id when one could be read, so a server can answer it.
    public static func decode(_ line: [UInt8]) throws(RPCError) -> RPCMessage {
        let value: Value
        do { value = try JSON.parse(line, markers: true) } catch {
            throw RPCError(code: RPCError.parseError, message: "not JSON: \(error)")
        }
        guard let members = value.objectValue else {
            throw RPCError(code: RPCError.invalidRequest, message: "a message must be a JSON object")
        }
        let envelope = try RPCEnvelope<Value>(
            .init(jsonrpc: members["jsonrpc"], id: members["id"], method: members["method"], params: members["params"],
                  result: members["result"], error: members["error"]),
            emptyParams: .object([:]))
        switch envelope {
        case .request(let id, let method, let params): return .request(id: id, method: method, params: params)
        case .notification(let method, let params): return .notification(method: method, params: params)
        case .result(let id, let result): return .result(id: id, result: result)
        case .error(let id, let error): return .error(id: id, error)
        }
    }
}
