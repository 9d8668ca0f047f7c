/// One HTTP request: method, URL, headers, body and how long it may take.
///
/// ```swift
/// let request = HTTPRequest(method: "POST", url: "http://127.0.0.1:4318/v1/traces",
///                           headers: [("Content-Type", "application/json")], body: Array(json.utf8))
/// ```
public struct HTTPRequest: Sendable {
    /// `GET`, `POST`, `PUT`, `DELETE`, `HEAD`, `PATCH`, …
    public var method: String
    /// An absolute `http://` or `https://` URL.
    public var url: String
    /// Header fields in the order they are sent; a name may repeat.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// The whole exchange (connect, send, receive) must finish within this many seconds.
    public var timeoutSeconds: Double

    public init(method: String = "GET", url: String, headers: [(name: String, value: String)] = [],
                body: [UInt8] = [], timeoutSeconds: Double = 30) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeoutSeconds = timeoutSeconds
    }

    /// The value of the first header called `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }
}
