/// An async HTTP client over libcurl, driven by one dedicated thread.
///
/// `send` never blocks the cooperative thread pool: it queues the request for the client's
/// own thread, which multiplexes every transfer through one `curl_multi` handle, and suspends
/// until the response is complete. Connections are reused across requests; TLS certificates
/// are verified; `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY` are honoured (libcurl's defaults).
/// Cancelling the calling task aborts the transfer.
///
/// ```swift
/// let response = try await HTTPClient.shared.send(HTTPRequest(url: "https://example.com/"))
/// print(response.status, response.headers["content-type"] ?? "")
/// ```
public final class HTTPClient: Sendable {
    /// One client for the whole process: one thread, one connection cache.
    public static let shared = HTTPClient()

    private let driver: CurlMultiDriver

    /// Starts a client with its own thread and connection cache.
    ///
    /// - Parameters:
    ///   - maxConnectionsPerHost: cap on parallel connections to one host; 0 for no cap.
    ///   - caBundlePath: a PEM file of certificate authorities to trust instead of the
    ///     system's (a private endpoint, a test server). Verification stays on either way.
    public init(maxConnectionsPerHost: Int = 0, caBundlePath: String? = nil) {
        driver = CurlMultiDriver(maxConnectionsPerHost: maxConnectionsPerHost, caBundlePath: caBundlePath)
    }

    deinit {
        driver.shutdown()
    }

    /// Sends `request` and returns the complete response, whatever its status.
    ///
    /// - Throws: `HTTPError` when no response arrived: connection failure, TLS failure,
    ///   timeout (`isTimeout`), cancellation (`isCancelled`), or a request libcurl rejects.
    ///   A 4xx/5xx answer is a response, not an error.
    public func send(_ request: HTTPRequest) async throws(HTTPError) -> HTTPResponse {
        let driver = self.driver
        let id = driver.reserveID()
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                driver.submit(CurlMultiDriver.Job(id: id, request: request, continuation: continuation))
            }
        } onCancel: {
            driver.cancel(id)
        }
        return try result.get()
    }
}
