import Foundation
import GantryBasics

#if canImport(Glibc)
import Glibc
#endif

/// The provider SDK: serves a `Provider` over the plugin protocol, so a provider
/// executable is one line of logic.
///
/// It owns the stdio loop, the framing, the handshake and version negotiation, runs each
/// request concurrently as its own task, answers `cancel` by cancelling that task, and
/// turns thrown errors into typed JSON-RPC errors. Anything the provider prints goes to
/// stderr (Gantry's log of the plugin): the protocol gets a private copy of stdout.
///
/// ```swift
/// // Sources/gantry-provider-sim/main.swift
/// import GantryProviderKit
/// import SimProvider
/// await PluginServer(provider: SimProvider()).run()
/// ```
public struct PluginServer: Sendable {
    public let provider: any Provider
    /// The plugin's version, reported by `initialize` and `gantry providers`.
    public let version: String

    public init(provider: any Provider, version: String = "0.1.0") {
        self.provider = provider
        self.version = version
    }

    /// Serves on stdin/stdout until Gantry sends `shutdown` or closes stdin, then exits 0.
    public func run() async -> Never {
        // Keep stdout for the protocol only: a stray print() in provider code would
        // corrupt the stream, so fd 1 becomes a second stderr.
        let protocolOutput = dup(STDOUT_FILENO)
        guard protocolOutput >= 0 else {
            FileHandle.standardError.write(Data("\(provider.name): cannot duplicate stdout (errno \(errno))\n".utf8))
            exit(1)
        }
        _ = fcntl(protocolOutput, F_SETFD, FD_CLOEXEC)
        dup2(STDERR_FILENO, STDOUT_FILENO)
        let transport = PipeTransport(input: STDIN_FILENO, output: protocolOutput)
        await serve(on: transport)
        await transport.flushed()
        exit(0)
    }

    /// Serves on `transport` until it closes or `shutdown` is received, and every request
    /// in flight has been answered. For in-process hosting, pair it with `InMemoryTransport`.
    public func serve(on transport: any PluginTransport) async {
        let session = ServerSession(server: self, transport: transport)
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            session.start(whenFinished: done)
        }
    }
}
