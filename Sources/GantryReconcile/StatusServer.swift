import CMicroHTTPD
import Foundation
import GantryBasics
import GantryGit

/// The service's HTTP face on libmicrohttpd: `/healthz`, `/readyz`, `/status`, `/metrics`
/// and the webhook. MHD runs its own polling thread and calls `handle` from it; the handler
/// only reads a snapshot of the `StatusBoard` and signals the `Wakeup` — it never awaits.
public final class StatusServer: Sendable {
    /// The routes' configuration and the loop's shared objects.
    public struct Routes: Sendable {
        public var board: StatusBoard
        public var wakeup: Wakeup
        /// Nil disables the webhook (404).
        public var webhook: WebhookVerifier?
        public var webhookPath: String
        public var log: ReconcileLog

        public init(board: StatusBoard, wakeup: Wakeup, webhook: WebhookVerifier?, webhookPath: String = "/hook",
                    log: ReconcileLog) {
            self.board = board
            self.wakeup = wakeup
            self.webhook = webhook
            self.webhookPath = webhookPath
            self.log = log
        }
    }

    /// The port actually bound (useful with port 0).
    public let port: UInt16
    private nonisolated(unsafe) let daemon: OpaquePointer
    private let context: Unmanaged<ServerContext>

    /// Starts listening on `address` (`HOST:PORT`, IPv4; `PORT` alone means 127.0.0.1).
    ///
    /// - Throws: `ReconcileError` for a malformed address or when MHD cannot bind.
    public init(listen address: String, routes: Routes) throws(ReconcileError) {
        var socketAddress = try Self.parse(address)
        let context = Unmanaged.passRetained(ServerContext(routes: routes))
        let started = withUnsafePointer(to: &socketAddress) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                gantry_mhd_start(address, { cls, connection, url, method, _, data, size, requestContext in
                    guard let cls, let connection, let url, let method, let size, let requestContext else { return .NO }
                    let server = Unmanaged<ServerContext>.fromOpaque(cls).takeUnretainedValue()
                    return server.handle(connection, url: String(cString: url), method: String(cString: method),
                                         data: data, size: size, requestContext: requestContext)
                }, context.toOpaque(), { _, _, requestContext, _ in
                    // Frees the body buffer of a POST, however the request ended.
                    if let pointer = requestContext?.pointee {
                        Unmanaged<RequestBody>.fromOpaque(pointer).release()
                        requestContext?.pointee = nil
                    }
                }, 256 * 1024, 10)
            }
        }
        guard let started else {
            context.release()
            throw ReconcileError("cannot listen on \(address): MHD_start_daemon failed (port in use or not allowed)",
                                 hint: "pick another --listen port")
        }
        daemon = started
        self.context = context
        port = gantry_mhd_port(started)
    }

    /// Stops the server and its thread (waits for requests in progress).
    public func stop() {
        MHD_stop_daemon(daemon)
        context.release()
    }

    private static func parse(_ address: String) throws(ReconcileError) -> sockaddr_in {
        let parts = address.split(separator: ":", omittingEmptySubsequences: false)
        let host = parts.count == 2 ? String(parts[0]) : "127.0.0.1"
        guard parts.count <= 2, let port = UInt16(parts.last ?? "") else {
            throw ReconcileError("--listen '\(address)' is not HOST:PORT", hint: "e.g. 127.0.0.1:9090")
        }
        var result = sockaddr_in()
        result.sin_family = sa_family_t(AF_INET)
        result.sin_port = port.bigEndian
        guard inet_pton(AF_INET, host.isEmpty ? "0.0.0.0" : host, &result.sin_addr) == 1 else {
            throw ReconcileError("--listen host '\(host)' is not an IPv4 address", hint: "e.g. 127.0.0.1:9090")
        }
        return result
    }
}

/// A POST body being received.
private final class RequestBody {
    var bytes: [UInt8] = []
    var tooLarge = false
}

/// What the C callback reaches through its `cls` pointer.
private final class ServerContext: Sendable {
    let routes: StatusServer.Routes

    init(routes: StatusServer.Routes) { self.routes = routes }

    func handle(_ connection: OpaquePointer, url: String, method: String, data: UnsafePointer<CChar>?,
                size: UnsafeMutablePointer<Int>, requestContext: UnsafeMutablePointer<UnsafeMutableRawPointer?>)
        -> MHD_Result
    {
        if method == "POST" {
            guard let pointer = requestContext.pointee else {
                requestContext.pointee = Unmanaged.passRetained(RequestBody()).toOpaque()
                return .YES
            }
            let body = Unmanaged<RequestBody>.fromOpaque(pointer).takeUnretainedValue()
            if size.pointee > 0 {
                let limit = routes.webhook?.maxPayloadBytes ?? 0
                if let data, !body.tooLarge, body.bytes.count + size.pointee <= limit {
                    body.bytes += UnsafeRawBufferPointer(start: data, count: size.pointee)
                } else {
                    body.tooLarge = true
                    body.bytes = []
                }
                size.pointee = 0
                return .YES
            }
            let (status, text) = webhook(connection, url: url, body: body)
            return respond(connection, status: status, body: text, type: "text/plain; charset=utf-8")
        }
        guard method == "GET" || method == "HEAD" else {
            return respond(connection, status: 405, body: "method not allowed\n", type: "text/plain; charset=utf-8")
        }
        var status = routes.board.snapshot
        status.abandonedGitOperations = GitSource.abandonedOperations
        switch url {
        case "/healthz":
            return respond(connection, status: 200, body: "ok\n", type: "text/plain; charset=utf-8")
        case "/readyz":
            let ready = status.conditions.first { $0.type == "Ready" }
            let ok = ready?.status == true || status.standby
            return respond(connection, status: ok ? 200 : 503,
                           body: (ok ? "ready" : "not ready: \(ready?.reason.rawValue ?? "Unknown")") + "\n",
                           type: "text/plain; charset=utf-8")
        case "/status":
            let text = (try? JSON.encode(status.json, pretty: true)) ?? "{}"
            return respond(connection, status: 200, body: text + "\n", type: "application/json")
        case "/metrics":
            return respond(connection, status: 200, body: status.prometheusText,
                           type: "text/plain; version=0.0.4; charset=utf-8")
        default:
            return respond(connection, status: 404, body: "not found\n", type: "text/plain; charset=utf-8")
        }
    }

    private func webhook(_ connection: OpaquePointer, url: String, body: RequestBody) -> (UInt32, String) {
        guard url == routes.webhookPath, let verifier = routes.webhook else { return (404, "not found\n") }
        if body.tooLarge { return (413, "payload over \(verifier.maxPayloadBytes) bytes\n") }
        let verdict = verifier.verify(body: body.bytes) { name in
            MHD_lookup_connection_value(connection, .HEADER_KIND, name).map { String(cString: $0) }
        }
        switch verdict {
        case .rejected(let reason):
            routes.log.error("webhook rejected", ["reason": reason])
            return (401, "rejected: \(reason)\n")
        case .accepted(let forge):
            let event = MHD_lookup_connection_value(connection, .HEADER_KIND, "X-GitHub-Event")
                .map { String(cString: $0) }
            if event == "ping" { return (200, "pong\n") }
            routes.log.info("webhook accepted; triggering a run", ["forge": forge])
            routes.wakeup.signal()
            return (202, "run triggered\n")
        }
    }

    private func respond(_ connection: OpaquePointer, status: UInt32, body: String, type: String) -> MHD_Result {
        var bytes = Array(body.utf8)
        let response = bytes.withUnsafeMutableBytes { buffer in
            MHD_create_response_from_buffer(buffer.count, buffer.baseAddress, .RESPMEM_MUST_COPY)
        }
        guard let response else { return .NO }
        defer { MHD_destroy_response(response) }
        MHD_add_response_header(response, "Content-Type", type)
        return MHD_queue_response(connection, status, response)
    }
}
