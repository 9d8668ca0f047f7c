import Foundation
import GantryBasics
import GantryHTTP
import GantryProviderKit
import Synchronization

/// Signed calls to AWS's three API styles over the shared libcurl client, with backoff on
/// throttling and a count of every HTTP exchange (for the "calls made" report).
///
/// Errors come back as `ProviderError` with AWS's code and message; the secret and the
/// `Authorization` header never appear in them.
final class AWSClient: Sendable {
    let http: HTTPClient
    let credentials: AWSCredentials
    let endpoints: AWSEndpoints
    /// Attempts per call when AWS throttles (1 = no retry).
    let maxAttempts: Int
    /// First backoff pause in seconds; doubled each attempt, with jitter.
    let baseDelay: Double
    /// Seconds each exchange may take.
    let timeoutSeconds: Double
    private let counter = Mutex(0)

    init(http: HTTPClient, credentials: AWSCredentials, endpoints: AWSEndpoints, maxAttempts: Int = 5,
         baseDelay: Double = 0.1, timeoutSeconds: Double = 60) {
        self.timeoutSeconds = timeoutSeconds
        self.http = http
        self.credentials = credentials
        self.endpoints = endpoints
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
    }

    /// HTTP exchanges made so far, retries included.
    var callCount: Int { counter.withLock { $0 } }

    /// API versions of the query services.
    static let queryVersions = ["ec2": "2016-11-15", "autoscaling": "2011-01-01", "iam": "2010-05-08",
                                "sts": "2011-06-15"]

    /// A query-protocol call (EC2, Auto Scaling, IAM, STS): form-encoded `Action`, XML answer.
    func query(_ service: String, region: String, action: String, _ params: [(String, String)] = []) async throws(ProviderError)
        -> XMLElement
    {
        let version = Self.queryVersions[service] ?? ""
        let body = AWSPercentEncoding.form([("Action", action), ("Version", version)] + params)
        let response = try await send(service: service, signingName: service, region: region, operation: action,
                                      request: HTTPRequest(method: "POST", url: endpoints.url(service: service, region: region) + "/",
                                                           headers: [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
                                                           body: Array(body.utf8)))
        guard let xml = XMLElement.parse(response.body) else {
            throw ProviderError(.fatal, "\(action): the answer is not XML", providerCode: "MalformedResponse")
        }
        return xml
    }

    /// A JSON 1.1 call (FSx): `X-Amz-Target: PREFIX.Operation`, JSON in and out.
    func jsonTarget(_ service: String, signingName: String, region: String, target: String, _ body: Value) async throws(ProviderError)
        -> Value
    {
        let operation = String(target.split(separator: ".").last ?? Substring(target))
        let response = try await send(service: service, signingName: signingName, region: region, operation: operation,
                                      request: HTTPRequest(method: "POST", url: endpoints.url(service: service, region: region) + "/",
                                                           headers: [("Content-Type", "application/x-amz-json-1.1"),
                                                                     ("X-Amz-Target", target)],
                                                           body: try Self.encode(body, operation: operation)))
        return Self.json(response, operation: operation)
    }

    /// A REST-JSON call (EKS, EFS): method and path carry the operation.
    func rest(_ service: String, signingName: String, region: String, operation: String, method: String, path: String,
              _ body: Value? = nil) async throws(ProviderError) -> Value
    {
        var headers: [(name: String, value: String)] = []
        var bytes: [UInt8] = []
        if let body {
            headers.append((name: "Content-Type", value: "application/json"))
            bytes = try Self.encode(body, operation: operation)
        }
        let response = try await send(service: service, signingName: signingName, region: region, operation: operation,
                                      request: HTTPRequest(method: method, url: endpoints.url(service: service, region: region) + path,
                                                           headers: headers, body: bytes))
        return Self.json(response, operation: operation)
    }

    /// An S3 call, path-style: `/{bucket}?{subresource}`; returns the raw response (2xx only).
    func s3(region: String, operation: String, method: String, bucket: String, subresource: String? = nil,
            body: [UInt8] = [], headers: [(name: String, value: String)] = []) async throws(ProviderError) -> HTTPResponse
    {
        var url = endpoints.url(service: "s3", region: region) + "/" + AWSPercentEncoding.encode(bucket)
        if let subresource { url += "?" + subresource }
        var headers = headers
        if !body.isEmpty {
            // libcurl would label the body a form; S3 bodies are XML.
            headers.append((name: "Content-Type", value: "application/xml"))
            // S3 wants an integrity checksum on lifecycle, tagging and encryption bodies; SHA-256
            // (a flexible checksum) is accepted in place of Content-MD5.
            headers.append((name: "x-amz-checksum-sha256", value: Data(SHA256.hash(body)).base64EncodedString()))
        }
        return try await send(service: "s3", signingName: "s3", region: region, operation: operation,
                              request: HTTPRequest(method: method, url: url, headers: headers, body: body))
    }

    /// JSON for a request body; a value still holding unknowns is our bug, not the user's.
    private static func encode(_ body: Value, operation: String) throws(ProviderError) -> [UInt8] {
        do {
            return try JSON.encodeBytes(body)
        } catch {
            throw ProviderError(.fatal, "internal error: the \(operation) request body is not JSON: \(error)",
                                providerCode: "InternalError")
        }
    }

    private static func json(_ response: HTTPResponse, operation: String) -> Value {
        guard !response.body.isEmpty, let value = try? JSON.parse(response.body) else { return .object([:]) }
        return value
    }

    /// Signs and sends; retries throttling with exponential backoff and jitter; maps errors.
    private func send(service: String, signingName: String, region: String, operation: String,
                      request: HTTPRequest) async throws(ProviderError) -> HTTPResponse
    {
        let signer = SigV4Signer(credentials: credentials, region: region, service: signingName)
        var request = request
        request.timeoutSeconds = timeoutSeconds
        var attempt = 0
        while true {
            attempt += 1
            counter.withLock { $0 += 1 }
            let response: HTTPResponse
            do {
                response = try await http.send(signer.sign(request))
            } catch {
                // The URL is ours and carries no secret; the signed headers are not printed.
                if error.isTimeout {
                    throw ProviderError(.timeout, "\(operation) in \(region): \(error)", providerCode: "RequestTimeout")
                }
                throw ProviderError(.fatal, "\(operation) in \(region): \(error)", providerCode: error.shortCode,
                                    detail: ["operation": .string(operation)])
            }
            if response.isSuccess { return response }
            var failure = AWSErrorMapper.error(response, operation: operation)
            failure.detail["region"] = .string(region)
            guard failure.code == .throttled, attempt < maxAttempts else {
                if failure.code == .throttled { failure.detail["attempts"] = .int(attempt) }
                throw failure
            }
            let pause = baseDelay * pow(2, Double(attempt - 1)) * Double.random(in: 0.5...1.0)
            try? await Task.sleep(nanoseconds: UInt64(pause * 1_000_000_000))
        }
    }
}
