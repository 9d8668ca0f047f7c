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
        let value: Value
        switch self {
        case .request(let id, let method, let params):
            value = ["jsonrpc": "2.0", "id": .int(id), "method": .string(method), "params": params]
        case .notification(let method, let params):
            value = ["jsonrpc": "2.0", "method": .string(method), "params": params]
        case .result(let id, let result):
            value = ["jsonrpc": "2.0", "id": .int(id), "result": result]
        case .error(let id, let error):
            value = ["jsonrpc": "2.0", "id": id.map(Value.int) ?? .null, "error": error.wireValue]
        }
        do {
            try JSON.append(value, to: &buffer, sortedKeys: false, markers: true)
        } catch {
            throw ProviderError(.invalid, "a message could not be encoded as JSON: \(error)",
                                providerCode: "UnencodableMessage")
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
        guard members["jsonrpc"] == "2.0" else {
            throw RPCError(code: RPCError.invalidRequest, message: #"a message must have "jsonrpc": "2.0""#)
        }
        let idValue = members["id"]
        let id = idValue?.intValue
        if let idValue, !idValue.isNull, id == nil {
            throw RPCError(code: RPCError.invalidRequest, message: "`id` must be an integer")
        }
        if let method = members["method"] {
            guard let name = method.stringValue else {
                throw RPCError(code: RPCError.invalidRequest, message: "`method` must be a string", id: id)
            }
            let params = members["params"] ?? .object([:])
            return id.map { .request(id: $0, method: name, params: params) } ?? .notification(method: name, params: params)
        }
        if let error = members["error"] {
            guard let rpcError = RPCError(wireValue: error) else {
                throw RPCError(code: RPCError.invalidRequest,
                               message: "`error` must be an object with an integer `code` and a `message`", id: id)
            }
            return .error(id: id, rpcError)
        }
        guard let id else {
            throw RPCError(code: RPCError.invalidRequest, message: "a response needs an integer `id`")
        }
        guard let result = members["result"] else {
            throw RPCError(code: RPCError.invalidRequest, message: "a response needs `result` or `error`", id: id)
        }
        return .result(id: id, result: result)
    }
}
