/// Why a request did not produce a response (or, for `export`, an unwanted one).
///
/// A struct around a private code so cases can be added without breaking callers; ask
/// `isTimeout`, `isCancelled`, … instead of matching.
public struct HTTPError: Error, Sendable, Hashable, CustomStringConvertible {
    enum Code: Hashable, Sendable {
        /// libcurl reported a failure: its `CURLcode`, `curl_easy_strerror` text and the
        /// transfer's error-buffer detail.
        case curl(code: Int, message: String, detail: String)
        /// The caller's task was cancelled before the response arrived.
        case cancelled
        /// The client was shut down while the request was queued or in flight.
        case shutdown
        /// The request could not be handed to libcurl (e.g. a NUL byte in the URL).
        case invalidRequest(String)
        /// The server answered with a status the caller treats as failure.
        case status(Int, body: String)
    }

    let code: Code
    /// The method of the failed request.
    public let method: String
    /// The URL of the failed request.
    public let url: String

    init(_ code: Code, method: String, url: String) {
        self.code = code
        self.method = method
        self.url = url
    }

    /// libcurl's `CURLcode` (28 is a timeout), or `nil` when the failure did not come from libcurl.
    public var curlCode: Int? {
        if case .curl(let code, _, _) = code { return code }
        return nil
    }

    /// The HTTP status, when the failure is an unwanted answer.
    public var status: Int? {
        if case .status(let status, _) = code { return status }
        return nil
    }

    /// The request ran out of its `timeoutSeconds`.
    public var isTimeout: Bool { curlCode == 28 }   // CURLE_OPERATION_TIMEDOUT
    /// The calling task was cancelled.
    public var isCancelled: Bool { code == .cancelled }
    /// No connection could be made (refused, unresolvable host, proxy failure).
    public var isConnectFailure: Bool { [5, 6, 7].contains(curlCode ?? -1) }   // proxy, host, connect

    /// `POST http://127.0.0.1:4318/v1/traces: Timeout was reached (curl 28: Operation timed out after 1000 ms …)`.
    public var description: String {
        let what: String
        switch code {
        case .curl(let number, let message, let detail):
            what = detail.isEmpty || detail == message
                ? "\(message) (curl \(number))" : "\(message) (curl \(number): \(detail))"
        case .cancelled: what = "cancelled"
        case .shutdown: what = "the HTTP client was shut down"
        case .invalidRequest(let reason): what = "invalid request: \(reason)"
        case .status(let status, let body):
            let excerpt = body.count > 200 ? String(body.prefix(200)) + "…" : body
            what = excerpt.isEmpty ? "server answered \(status)" : "server answered \(status): \(excerpt)"
        }
        return "\(method) \(url): \(what)"
    }

    /// A short, stable label for metrics: `timeout`, `connect`, `curl_35`, `status_503`, `cancelled`.
    public var shortCode: String {
        switch code {
        case .curl(let number, _, _):
            if isTimeout { return "timeout" }
            if isConnectFailure { return "connect" }
            return "curl_\(number)"
        case .cancelled: return "cancelled"
        case .shutdown: return "shutdown"
        case .invalidRequest: return "invalid_request"
        case .status(let status, _): return "status_\(status)"
        }
    }
}
