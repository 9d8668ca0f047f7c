import GantryBasics

/// Turns one protocol request into a call on a `Provider` and its answer back into JSON:
/// the provider-facing half of the SDK, free of any I/O.
struct ProviderDispatcher: Sendable {
    let provider: any Provider

    /// Runs `method` with `params`; returns the result as JSON text.
    /// - Throws: `RPCError` — `methodNotFound`, `invalidParams` for a malformed request,
    ///   `providerError` with the provider's own error as data (also for an answer that
    ///   cannot be encoded).
    func handle(_ method: PluginProtocol.Method, params: Value) async throws(RPCError) -> [UInt8] {
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

    private func dispatch(_ method: PluginProtocol.Method, params: Value) async throws -> [UInt8] {
        switch method {
        case .schema:
            return try RPCMessage.json(try await provider.schema().wireValue)
        case .configure:
            try await provider.configure(try ConfigureRequest(wireValue: params))
            return Array("{}".utf8)
        case .lower:
            let request = try LowerRequest(wireValue: params)
            return try await provider.lower(request).trimmed(for: request).wireJSON()
        case .plan:
            let requests = try WireFields(params, what: "plan params").list("requests") { v throws(ProviderError) in
                try PlanRequest(wireValue: v)
            }
            return try await provider.plan(requests).wireJSON(under: "responses")
        case .create:
            let requests = try WireFields(params, what: "create params").list("requests") { v throws(ProviderError) in
                try CreateRequest(wireValue: v)
            }
            return try await provider.create(requests).wireJSON(under: "results")
        case .update:
            let requests = try WireFields(params, what: "update params").list("requests") { v throws(ProviderError) in
                try UpdateRequest(wireValue: v)
            }
            return try await provider.update(requests).wireJSON(under: "results")
        case .delete:
            let requests = try WireFields(params, what: "delete params").list("requests") { v throws(ProviderError) in
                try DeleteRequest(wireValue: v)
            }
            return try await provider.delete(requests).wireJSON(under: "results")
        case .read:
            return try await provider.read(try ReadRequest(wireValue: params)).wireJSON(under: "results")
        case .list:
            return try await provider.list(try ListRequest(wireValue: params)).wireJSON(under: "resources")
        case .initialize, .cancel, .shutdown:
            // The server answers these itself; reaching here is our bug.
            throw RPCError(code: RPCError.internalError, message: "internal error: \(method.rawValue) reached the dispatcher")
        }
    }
}
