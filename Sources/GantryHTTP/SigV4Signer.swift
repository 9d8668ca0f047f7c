import Foundation
import GantryBasics

/// Signs HTTP requests with AWS Signature Version 4 (HMAC-SHA256 through libcrypto).
///
/// Covers the three shapes Gantry sends: query APIs (EC2, Auto Scaling, STS: a form body),
/// JSON/REST APIs (EKS, FSx, EFS) and S3 (which also carries `x-amz-content-sha256`, either
/// the payload's hash or `UNSIGNED-PAYLOAD`). Every header present on the request is signed
/// except `user-agent`, `expect` and `x-amzn-trace-id` — the same set botocore signs — and a
/// `Host` header is added so the signed host is exactly the one libcurl sends.
///
/// ```swift
/// let signer = SigV4Signer(credentials: creds, region: "us-east-1", service: "ec2")
/// let signed = signer.sign(HTTPRequest(method: "POST", url: "https://ec2.us-east-1.amazonaws.com/",
///                                      headers: [("Content-Type", "application/x-www-form-urlencoded")],
///                                      body: Array("Action=DescribeVpcs&Version=2016-11-15".utf8)))
/// ```
public struct SigV4Signer: Sendable {
    /// How an S3 request's payload enters the signature.
    public enum Payload: Sendable, Hashable {
        /// The SHA-256 of the body is signed.
        case signed
        /// `UNSIGNED-PAYLOAD`: allowed by S3 over TLS, saves hashing large bodies.
        case unsigned
    }

    public static let unsignedPayload = "UNSIGNED-PAYLOAD"
    /// Headers botocore leaves out of the signature (proxies may rewrite them).
    static let unsignedHeaders: Set<String> = ["user-agent", "expect", "x-amzn-trace-id", "authorization"]

    public var credentials: AWSCredentials
    public var region: String
    /// The signing name: `ec2`, `autoscaling`, `eks`, `fsx`, `elasticfilesystem`, `s3`, `sts`.
    public var service: String

    public init(credentials: AWSCredentials, region: String, service: String) {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// `request` with `Host`, `X-Amz-Date`, `X-Amz-Security-Token` (with a session token),
    /// `X-Amz-Content-SHA256` (S3) and `Authorization` set.
    public func sign(_ request: HTTPRequest, at date: Date = Date(), payload: Payload = .signed) -> HTTPRequest {
        var request = request
        let parts = URLParts(request.url)
        let stamp = Self.timestamp(date)
        let day = String(stamp.prefix(8))
        let drop: Set<String> = ["host", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256", "authorization"]
        request.headers.removeAll { drop.contains($0.name.lowercased()) }
        request.headers.append((name: "Host", value: parts.host))
        request.headers.append((name: "X-Amz-Date", value: stamp))
        if let token = credentials.sessionToken { request.headers.append((name: "X-Amz-Security-Token", value: token)) }
        let payloadHash: String
        if service == "s3" {
            payloadHash = payload == .unsigned ? Self.unsignedPayload : SHA256.hex(SHA256.hash(request.body))
            request.headers.append((name: "X-Amz-Content-SHA256", value: payloadHash))
        } else {
            payloadHash = SHA256.hex(SHA256.hash(request.body))
        }

        // Canonical headers: lower-cased names, sorted, repeated names joined with commas,
        // runs of whitespace in values collapsed.
        var headerValues: [String: [String]] = [:]
        for (name, value) in request.headers where !Self.unsignedHeaders.contains(name.lowercased()) {
            let collapsed = value.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
            headerValues[name.lowercased(), default: []].append(collapsed)
        }
        let names = headerValues.keys.sorted()
        let canonicalHeaders = names.map { "\($0):\(headerValues[$0, default: []].joined(separator: ","))\n" }.joined()
        let signedHeaders = names.joined(separator: ";")

        let canonicalRequest = [
            request.method.uppercased(),
            canonicalURI(parts.path),
            Self.canonicalQuery(parts.query),
            canonicalHeaders,
            signedHeaders,
            payloadHash,
        ].joined(separator: "\n")
        let scope = "\(day)/\(region)/\(service)/aws4_request"
        let stringToSign = ["AWS4-HMAC-SHA256", stamp, scope, SHA256.hex(SHA256.hash(canonicalRequest))]
            .joined(separator: "\n")
        let signature = SHA256.hex(SHA256.hmac(key: signingKey(day: day), message: Array(stringToSign.utf8)))
        request.headers.append((name: "Authorization", value:
            "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope), "
                + "SignedHeaders=\(signedHeaders), Signature=\(signature)"))
        return request
    }

    /// The key derived from the secret for one day, region and service.
    func signingKey(day: String) -> [UInt8] {
        var key = SHA256.hmac(key: Array("AWS4\(credentials.secretAccessKey)".utf8), message: Array(day.utf8))
        for part in [region, service, "aws4_request"] { key = SHA256.hmac(key: key, message: Array(part.utf8)) }
        return key
    }

    /// S3 signs the path as sent; every other service signs it normalised and encoded once more.
    private func canonicalURI(_ path: String) -> String {
        let path = path.isEmpty ? "/" : path
        if service == "s3" { return path }
        return AWSPercentEncoding.encode(Self.normalise(path), keepSlash: true)
    }

    /// Removes `.` and `..` segments and repeated slashes, keeping a trailing slash.
    static func normalise(_ path: String) -> String {
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            if segment == "." { continue }
            if segment == ".." { _ = segments.popLast(); continue }
            segments.append(segment)
        }
        var out = "/" + segments.joined(separator: "/")
        if path.hasSuffix("/") && out != "/" { out += "/" }
        return out
    }

    /// The query as sent (already percent-encoded), as `key=value` pairs sorted by key then value.
    static func canonicalQuery(_ query: String) -> String {
        guard !query.isEmpty else { return "" }
        let pairs = query.split(separator: "&").map { pair -> (String, String) in
            let halves = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (String(halves[0]), halves.count > 1 ? String(halves[1]) : "")
        }
        return pairs.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }.map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")
    }

    /// `20261126T034512Z` in UTC.
    static func timestamp(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(parts.tm_year + 1900)\(two(parts.tm_mon + 1))\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour))\(two(parts.tm_min))\(two(parts.tm_sec))Z"
    }
}

/// The pieces of an absolute URL that signing needs.
struct URLParts {
    /// `host` or `host:port` (default ports dropped, as HTTP clients send it).
    var host = ""
    var path = "/"
    var query = ""

    init(_ url: String) {
        var rest = Substring(url)
        var defaultPort = ""
        if let range = rest.range(of: "://") {
            defaultPort = rest[..<range.lowerBound].lowercased() == "https" ? ":443" : ":80"
            rest = rest[range.upperBound...]
        }
        let hostEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        host = String(rest[..<hostEnd])
        if host.hasSuffix(defaultPort) { host.removeLast(defaultPort.count) }
        rest = rest[hostEnd...]
        if let q = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: q)...])
            rest = rest[..<q]
        }
        if let hash = query.firstIndex(of: "#") { query = String(query[..<hash]) }
        path = rest.isEmpty ? "/" : String(rest)
    }
}

/// RFC 3986 percent-encoding as AWS wants it: unreserved characters kept, everything else `%XX`.
public enum AWSPercentEncoding {
    /// Encodes `text`; `/` is kept when `keepSlash` (paths), encoded otherwise (query values).
    public static func encode(_ text: String, keepSlash: Bool = false) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        let hex = Array("0123456789ABCDEF")
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                 UInt8(ascii: "~"):
                out.append(Character(UnicodeScalar(byte)))
            case UInt8(ascii: "/") where keepSlash:
                out.append("/")
            default:
                out.append("%")
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            }
        }
        return out
    }

    /// An `application/x-www-form-urlencoded` body: `key=value&…` in the given order, with
    /// spaces as `+` (the form encoding; AWS reads both, and servers that re-encode a parsed
    /// form to check a signature — moto — produce exactly this).
    public static func form(_ pairs: [(String, String)]) -> String {
        pairs.map { "\(formEncode($0.0))=\(formEncode($0.1))" }.joined(separator: "&")
    }

    private static func formEncode(_ text: String) -> String {
        encode(text).replacingOccurrences(of: "%20", with: "+")
    }
}
