import GantryBasics

/// Why a call to a plugin got no answer from the plugin itself — it exited, hung, wrote
/// garbage or could not be started — rendered per operation so each failed resource
/// says what happened to it.
enum HostFailure: Error, Sendable {
    /// The process ended (status known), or an in-process plugin closed its side (nil).
    case exited(ExitStatus?)
    /// No reply within the per-call timeout.
    case timedOut(Duration)
    /// The plugin wrote something that is not a protocol message.
    case garbage(line: [UInt8], problem: String)
    /// Anything else, already phrased (spawn failure, failed handshake).
    case other(ProviderError)

    /// The error for one operation.
    ///
    /// - Parameters:
    ///   - what: "create of a.b.c", "read of 40 sim_data resources".
    ///   - mutating: whether the operation may have changed the cloud: then the outcome
    ///     is unknown and that is said, so nobody retries it blindly.
    func error(provider: String, during what: String, mutating: Bool) -> ProviderError {
        let unknown = mutating ? ": outcome unknown" : ""
        let recovery = mutating ? "the next plan looks the resource up by its address tag and adopts it if it was made"
            : "the plugin is restarted on next use"
        switch self {
        case .exited(let status):
            let how = status.map { "exited (\($0))" } ?? "closed its connection"
            return ProviderError(.fatal, "plugin `\(provider)` \(how) during \(what)\(unknown)",
                                 providerCode: "PluginExited", detail: ["hint": .string(recovery)])
        case .timedOut(let limit):
            return ProviderError(.fatal, "plugin `\(provider)` did not answer \(what) within \(limit.secondsText)\(unknown)",
                                 providerCode: "PluginTimeout",
                                 detail: ["hint": .string("raise GANTRY_PLUGIN_TIMEOUT if the provider is only slow; \(recovery)")])
        case .garbage(let line, let problem):
            return ProviderError(
                .fatal, "plugin `\(provider)` wrote \(ByteEscaping.quote(line)) to stdout, which is not a protocol "
                    + "message (\(problem)); it was stopped during \(what)\(unknown)",
                providerCode: "PluginProtocolViolation",
                detail: ["hint": "a plugin must write only JSON-RPC lines to stdout and log to stderr"])
        case .other(var error):
            if mutating, !error.message.hasSuffix("outcome unknown") { error.message += " (during \(what))" }
            return error
        }
    }
}
