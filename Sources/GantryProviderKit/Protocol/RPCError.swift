import GantryBasics

/// The `error` object of a JSON-RPC response.
///
/// Provider failures travel as code `providerError` with the `ProviderError` in `data`
/// (`{code, message, provider_code, detail}`), so the cloud's own code and message
/// reach the engine unchanged.
public struct RPCError: Error, Sendable, Hashable, CustomStringConvertible {
    // JSON-RPC 2.0's reserved codes.
    public static let parseError = -32700
    public static let invalidRequest = -32600
    public static let methodNotFound = -32601
    public static let invalidParams = -32602
    public static let internalError = -32603
    // Gantry's codes, in the range JSON-RPC leaves to servers.
    /// A provider failure; `data` is the `ProviderError`.
    public static let providerError = -32000
    /// `initialize` offered no protocol version the plugin speaks; `data.supported` lists its own.
    public static let unsupportedVersion = -32001
    /// A call before `initialize` completed.
    public static let notInitialized = -32002
    /// The request was cancelled by a `cancel` notification.
    public static let cancelled = -32800

    public var code: Int
    public var message: String
    public var data: Value?
    /// The request it answers, when known (set by `RPCMessage.decode` for replies).
    public var id: Int?

    public init(code: Int, message: String, data: Value? = nil, id: Int? = nil) {
        self.code = code
        self.message = message
        self.data = data
        self.id = id
    }

    /// A provider failure as an RPC error.
    public init(_ error: ProviderError) {
        self.init(code: Self.providerError, message: error.message, data: error.wireValue)
    }

    public var wireValue: Value {
        var out: [String: Value] = ["code": .int(code), "message": .string(message)]
        if let data { out["data"] = data }
        return .object(out)
    }

    init?(wireValue: Value) {
        guard let code = wireValue["code"]?.intValue, let message = wireValue["message"]?.stringValue else { return nil }
        self.init(code: code, message: message, data: wireValue["data"])
    }

    /// The provider error this RPC error carries: the one in `data` when it is a
    /// `providerError`, otherwise a `fatal` one naming the JSON-RPC code.
    public var providerError: ProviderError {
        if code == Self.providerError, let data, let error = try? ProviderError(wireValue: data) { return error }
        let kind: ProviderError.Code = code == Self.invalidParams ? .invalid : .fatal
        return ProviderError(kind, message, providerCode: "JSONRPC\(code)", detail: data.map { ["data": $0] } ?? [:])
    }

    public var description: String { "\(message) (JSON-RPC error \(code))" }
}
