import GantryBasics

/// Turns one protocol request into a call on a `Provider` and its answer back into JSON:
/// the provider-facing half of the SDK, free of any I/O.
struct ProviderDispatcher: Sendable {
    let provider: any Provider

    /// Runs `method` with `params` (JSON text, read straight into the request type where
    /// it has a direct reader); returns the result as JSON text.
    /// - Throws: `RPCError` — `methodNotFound`, `invalidParams` for a malformed request,
    ///   `providerError` with the provider's own error as data (also for an answer that
    ///   cannot be encoded).
    func handle(_ method: PluginProtocol.Method, params: RawJSON) async throws(RPCError) -> [UInt8] {
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

    private func dispatch(_ method: PluginProtocol.Method, params: RawJSON) async throws -> [UInt8] {
        switch method {
        case .schema:
            return try RPCMessage.json(try await provider.schema().wireValue)
        case .configure:
            try await provider.configure(try ConfigureRequest(wireValue: try params.treeForErrors()))
            return Array("{}".utf8)
        case .lower:
            let request = try LowerRequest(wire: params)
            return try await provider.lower(request).trimmed(for: request).wireJSON()
        case .plan:
            let requests = try [PlanRequest](wire: params, under: "requests", what: "plan params")
            return try await provider.plan(requests).wireJSON(under: "responses")
        case .create:
            let requests = try [CreateRequest](wire: params, under: "requests", what: "create params")
            return try await provider.create(requests).wireJSON(under: "results")
        case .update:
            let requests = try [UpdateRequest](wire: params, under: "requests", what: "update params")
            return try await provider.update(requests).wireJSON(under: "results")
        case .delete:
            let requests = try [DeleteRequest](wire: params, under: "requests", what: "delete params")
            return try await provider.delete(requests).wireJSON(under: "results")
        case .read:
            return try await provider.read(try ReadRequest(wire: params)).wireJSON(under: "results")
        case .list:
            return try await provider.list(try ListRequest(wireValue: try params.treeForErrors()))
                .wireJSON(under: "resources")
        case .initialize, .cancel, .shutdown:
            // The server answers these itself; reaching here is our bug.
            throw RPCError(code: RPCError.internalError, message: "internal error: \(method.rawValue) reached the dispatcher")
        }
    }
}
