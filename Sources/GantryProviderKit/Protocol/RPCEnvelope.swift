import GantryBasics

/// A JSON-RPC 2.0 message with its params or result as `Payload`: a `Value` for
/// `RPCMessage`, or `RawJSON` — the text, left for the message type to read itself — for
/// what the host and the SDK receive.
///
/// One `lower` answer for 10,000 items is megabytes; building it as a `Value` tree first
/// cost more than reading it. `decode(_:)` checks the whole line's syntax but leaves the
/// payload as text.
enum RPCEnvelope<Payload: Sendable>: Sendable {
    case request(id: Int, method: String, params: Payload)
    case notification(method: String, params: Payload)
    case result(id: Int, result: Payload)
    case error(id: Int?, RPCError)

    /// The members that decide what a message is.
    struct Members {
        var jsonrpc: Value?
        var id: Value?
        var method: Value?
        var params: Payload?
        var result: Payload?
        var error: Value?
    }

    /// Classifies a message by its members; absent params read as `emptyParams`.
    ///
    /// - Throws: `RPCError` (`invalidRequest`) naming what is missing or malformed, with
    ///   the request id when one could be read, so a server can answer it.
    init(_ members: Members, emptyParams: @autoclosure () -> Payload) throws(RPCError) {
        guard members.jsonrpc == "2.0" else {
            throw RPCError(code: RPCError.invalidRequest, message: #"a message must have "jsonrpc": "2.0""#)
        }
        let id = members.id?.intValue
        if let idValue = members.id, !idValue.isNull, id == nil {
            throw RPCError(code: RPCError.invalidRequest, message: "`id` must be an integer")
        }
        if let method = members.method {
            guard let name = method.stringValue else {
                throw RPCError(code: RPCError.invalidRequest, message: "`method` must be a string", id: id)
            }
            let params = members.params ?? emptyParams()
            self = id.map { .request(id: $0, method: name, params: params) } ?? .notification(method: name, params: params)
            return
        }
        if let error = members.error {
            guard let rpcError = RPCError(wireValue: error) else {
                throw RPCError(code: RPCError.invalidRequest,
                               message: "`error` must be an object with an integer `code` and a `message`", id: id)
            }
            self = .error(id: id, rpcError)
            return
        }
        guard let id else {
            throw RPCError(code: RPCError.invalidRequest, message: "a response needs an integer `id`")
        }
        guard let result = members.result else {
            throw RPCError(code: RPCError.invalidRequest, message: "a response needs `result` or `error`", id: id)
        }
        self = .result(id: id, result: result)
    }
}

extension RPCEnvelope where Payload == RawJSON {
    /// Reads one message from a line of JSON, its payload left as text.
    ///
    /// A well-formed message is read in one pass that only checks the payload's syntax.
    /// Anything else is read again by `RPCMessage.decode`, so errors are worded exactly as
    /// it words them.
    ///
    /// - Throws: `RPCError` as `RPCMessage.decode` throws it.
    static func decode(_ line: [UInt8]) throws(RPCError) -> RPCEnvelope<RawJSON> {
        if let members = try? envelopeMembers(line),
           let message = try? RPCEnvelope(members, emptyParams: RawJSON.emptyObject) {
            return message
        }
        switch try RPCMessage.decode(line) {
        case .request(let id, let method, let params): return .request(id: id, method: method, params: try text(params))
        case .notification(let method, let params): return .notification(method: method, params: try text(params))
        case .result(let id, let result): return .result(id: id, result: try text(result))
        case .error(let id, let error): return .error(id: id, error)
        }
    }

    /// The envelope's members, payloads as text; nil for an object of one member (it may
    /// be a marker, which is no message).
    /// - Throws: `JSONError` for a line that is not JSON or not an object.
    private static func envelopeMembers(_ line: [UInt8]) throws(JSONError) -> Members? {
        var members = Members()
        var count = 0
        try JSONReader.read(line, markers: true) { (reader: inout JSONReader) throws(JSONError) in
            try reader.readObject { (key, reader: inout JSONReader) throws(JSONError) in
                count += 1
                switch key {
                case "jsonrpc": members.jsonrpc = try reader.readValue()
                case "id": members.id = try reader.readValue()
                case "method": members.method = try reader.readValue()
                case "params": members.params = RawJSON(bytes: line, range: try reader.readRawRange())
                case "result": members.result = RawJSON(bytes: line, range: try reader.readRawRange())
                case "error": members.error = try reader.readValue()
                default: try reader.skipValue()
                }
            }
        }
        return count > 1 ? members : nil
    }

    /// A payload that arrived as a tree, as text again.
    private static func text(_ value: Value) throws(RPCError) -> RawJSON {
        do { return try RawJSON(value) } catch {
            throw RPCError(code: RPCError.parseError, message: "not JSON: \(error)")
        }
    }
}

extension RawJSON {
    /// `{}`: the params of a request that sent none.
    static let emptyObject = RawJSON(bytes: Array("{}".utf8), range: 0..<2)
}
