import Foundation
import GantryHTTP

/// The few S3 calls the state backend makes — GET, conditional PUT, DELETE, paged LIST — signed
/// with SigV4 and sent through the shared libcurl client (its own thread, never the pool).
///
/// Path-style URLs (`ENDPOINT/BUCKET/KEY`), which AWS and every S3-compatible store accept.
struct S3Client: Sendable {
    enum PutOutcome: Sendable {
        case written(etag: String)
        /// `If-None-Match` / `If-Match` did not hold: someone else wrote first.
        case preconditionFailed
    }

    let bucket: String
    let endpoint: String
    let signer: SigV4Signer
    let backend: String
    let http: HTTPClient

    func get(_ key: String, operation: String) async throws -> (body: [UInt8], etag: String)? {
        let response = try await send(HTTPRequest(method: "GET", url: url(key)), operation: operation, allow: [404])
        if response.status == 404 { return nil }
        return (response.body, response.headers["etag"] ?? response.headers["ETag"] ?? "")
    }

    /// PUT, optionally only when absent (`ifNoneMatch`) or unchanged (`ifMatch: ETAG`).
    func put(_ key: String, _ body: [UInt8], ifNoneMatch: Bool = false, ifMatch: String? = nil,
             operation: String) async throws -> PutOutcome {
        var headers: [(name: String, value: String)] = [(name: "Content-Type", value: "application/json")]
        if ifNoneMatch { headers.append((name: "If-None-Match", value: "*")) }
        if let ifMatch { headers.append((name: "If-Match", value: ifMatch)) }
        let response = try await send(HTTPRequest(method: "PUT", url: url(key), headers: headers, body: body),
                                      operation: operation, allow: [412, 409])
        if response.status == 412 || response.status == 409 { return .preconditionFailed }
        return .written(etag: response.headers["etag"] ?? response.headers["ETag"] ?? "")
    }

    func delete(_ key: String, operation: String) async throws {
        _ = try await send(HTTPRequest(method: "DELETE", url: url(key)), operation: operation, allow: [404])
    }

    /// Every key under `prefix` with its last-modified text, in key order, following
    /// `ListObjectsV2` continuation tokens past the 1,000 keys one page holds.
    /// - Parameter pageSize: `max-keys`; the store's default (1,000) when nil.
    func list(prefix: String, pageSize: Int? = nil, operation: String) async throws -> [(key: String, modified: String)] {
        var out: [(key: String, modified: String)] = []
        var continuation: String?
        repeat {
            var query = "list-type=2&prefix=\(AWSPercentEncoding.encode(prefix))"
            if let pageSize { query += "&max-keys=\(pageSize)" }
            if let continuation { query += "&continuation-token=\(AWSPercentEncoding.encode(continuation))" }
            let response = try await send(HTTPRequest(method: "GET", url: "\(endpoint)/\(bucket)?\(query)"),
                                          operation: operation, allow: [])
            let text = response.text
            for chunk in text.components(separatedBy: "<Contents>").dropFirst() {
                guard let key = Self.element("Key", in: chunk) else { continue }
                out.append((Self.unescape(key), Self.element("LastModified", in: chunk) ?? ""))
            }
            let truncated = Self.element("IsTruncated", in: text) == "true"
            continuation = truncated ? Self.element("NextContinuationToken", in: text).map(Self.unescape) : nil
        } while continuation != nil
        return out.sorted { $0.key < $1.key }
    }

    private func url(_ key: String) -> String {
        "\(endpoint)/\(bucket)/\(AWSPercentEncoding.encode(key, keepSlash: true))"
    }

    private func send(_ request: HTTPRequest, operation: String, allow: Set<Int>) async throws -> HTTPResponse {
        let response: HTTPResponse
        do {
            response = try await http.send(signer.sign(request))
        } catch {
            throw RemoteStateError(.unavailable(backend: backend, operation: operation, reason: String(describing: error),
                                                emergencyCopy: nil))
        }
        guard response.isSuccess || allow.contains(response.status) else {
            let code = Self.element("Code", in: response.text)
            let message = Self.element("Message", in: response.text) ?? "HTTP \(response.status)"
            if response.status >= 500 {
                throw RemoteStateError(.unavailable(backend: backend, operation: operation,
                                                    reason: "\(code ?? "HTTP \(response.status)"): \(message)", emergencyCopy: nil))
            }
            throw RemoteStateError(.backendError(backend: backend, operation: operation, code: code, reason: message))
        }
        return response
    }

    static func element(_ name: String, in text: String) -> String? {
        guard let open = text.range(of: "<\(name)>"), let close = text.range(of: "</\(name)>", range: open.upperBound..<text.endIndex)
        else { return nil }
        return String(text[open.upperBound..<close.lowerBound])
    }

    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
