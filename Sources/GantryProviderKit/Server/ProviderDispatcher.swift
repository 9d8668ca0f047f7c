import GantryBasics

/// Turns one protocol request into a call on a `Provider` and its answer back into JSON:
/// the provider-facing half of the SDK, free of any I/O.
struct ProviderDispatcher: Sendable {
    let provider: any Provider

    /// Runs `method` with `params`.
    /// - Throws: `RPCError` — `methodNotFound`, `invalidParams` for a malformed request,
    ///   `providerError` with the provider's own error as data.
    func handle(_ method: PluginProtocol.Method, params: Value) async throws(RPCError) -> Value {
        do {
            return try await dispatch(method, params: params)
        } catch let error as ProviderError where error.providerCode == "MalformedMessage" {
            throw RPCError(code: RPCError.invalidParams, message: error.message, data: error.wireValue)
        } catch let error as ProviderError {
            throw RPCError(error)
        } catch let error as RPCError {
            throw error
        } catch {
            // A provider threw something else: keep its text, it is all we have.
            throw RPCError(ProviderError(.fatal, String(describing: error)))
        }
    }

    private func dispatch(_ method: PluginProtocol.Method, params: Value) async throws -> Value {
        switch method {
        case .schema:
            return try await provider.schema().wireValue
        case .configure:
            try await provider.configure(try ConfigureRequest(wireValue: params))
            return .object([:])
        case .lower:
            let request = try LowerRequest(wireValue: params)
            return try await provider.lower(request).trimmed(for: request).wireValue
        case .plan:
            let requests = try WireFields(params, what: "plan params").list("requests") { v throws(ProviderError) in
                try PlanRequest(wireValue: v)
            }
            return ["responses": .array(try await provider.plan(requests).map(\.wireValue))]
        case .create:
            let requests = try WireFields(params, what: "create params").list("requests") { v throws(ProviderError) in
                try CreateRequest(wireValue: v)
            }
            return Self.results(await provider.create(requests))
        case .update:
            let requests = try WireFields(params, what: "update params").list("requests") { v throws(ProviderError) in
                try UpdateRequest(wireValue: v)
            }
            return Self.results(await provider.update(requests))
        case .delete:
            let requests = try WireFields(params, what: "delete params").list("requests") { v throws(ProviderError) in
                try DeleteRequest(wireValue: v)
            }
            return Self.results(await provider.delete(requests))
        case .read:
            let results = try await provider.read(try ReadRequest(wireValue: params))
            return ["results": .array(results.map(\.wireValue))]
        case .list:
            let resources = try await provider.list(try ListRequest(wireValue: params))
            return ["resources": .array(resources.map(\.wireValue))]
        case .initialize, .cancel, .shutdown:
            // The server answers these itself; reaching here is our bug.
            throw RPCError(code: RPCError.internalError, message: "internal error: \(method.rawValue) reached the dispatcher")
        }
    }

    private static func results(_ results: [OperationResult]) -> Value {
        ["results": .array(results.map(\.wireValue))]
    }
}
