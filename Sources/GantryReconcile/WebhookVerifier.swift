import GantryBasics

/// Checks that a push webhook came from the forge that knows the shared secret.
///
/// GitHub (and Gitea, Gogs) sign the body: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256>`.
/// GitLab sends the secret itself in `X-Gitlab-Token`. Both are compared in constant time.
public struct WebhookVerifier: Sendable {
    public enum Verdict: Sendable, Hashable {
        case accepted(forge: String)
        case rejected(String)
    }

    private let secret: [UInt8]
    /// Bodies over this many bytes are refused before they are read in full.
    public let maxPayloadBytes: Int

    public init(secret: String, maxPayloadBytes: Int = 1 << 20) {
        self.secret = Array(secret.utf8)
        self.maxPayloadBytes = maxPayloadBytes
    }

    /// Judges one request; `header` looks a header up case-insensitively.
    public func verify(body: [UInt8], header: (String) -> String?) -> Verdict {
        if let signature = header("X-Hub-Signature-256") {
            guard signature.hasPrefix("sha256=") else { return .rejected("malformed X-Hub-Signature-256") }
            let expected = Array(SHA256.hex(SHA256.hmac(key: secret, message: body)).utf8)
            let given = Array(signature.dropFirst("sha256=".count).lowercased().utf8)
            return Self.constantTimeEqual(expected, given) ? .accepted(forge: "github") : .rejected("bad signature")
        }
        if let token = header("X-Gitlab-Token") {
            return Self.constantTimeEqual(Array(token.utf8), secret) ? .accepted(forge: "gitlab") : .rejected("bad token")
        }
        return .rejected("no X-Hub-Signature-256 or X-Gitlab-Token header")
    }

    /// Compares without an early exit, so timing reveals nothing about where bytes differ.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(a.count == b.count ? 0 : 1)
        for index in 0..<max(a.count, b.count) {
            difference |= (index < a.count ? a[index] : 0) ^ (index < b.count ? b[index] : 0)
        }
        return difference == 0
    }
}
