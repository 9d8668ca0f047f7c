import CCrypto
import Foundation

/// Checks an SSH host key against an OpenSSH `known_hosts` file, as `ssh` does with
/// `StrictHostKeyChecking=yes`: plain host patterns (comma-separated) and hashed `|1|salt|hash`
/// entries (what `HashKnownHosts yes` and `ssh-keygen -H` write), with `[host]:port` for a port
/// other than 22. Wildcards, negations and `@cert-authority` / `@revoked` lines are not
/// interpreted (such lines never match).
enum KnownHosts {
    enum Verdict: Equatable {
        case trusted
        case failed(String)
    }

    static func check(host: String, port: Int?, keyBase64: String, file: String) -> Verdict {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            return .failed("cannot read the known_hosts file \(file)")
        }
        let name = port.map { $0 == 22 ? host : "[\(host)]:\($0)" } ?? host
        var sawHost = false
        for line in text.split(separator: "\n") {
            let fields = line.split(whereSeparator: \.isWhitespace)
            guard fields.count >= 3, !fields[0].hasPrefix("#"), !fields[0].hasPrefix("@"),
                  matches(String(fields[0]), name)
            else { continue }
            sawHost = true
            if fields[2] == keyBase64 { return .trusted }
        }
        return .failed(sawHost ? "the SSH host key of \(name) does not match \(file) — possible man-in-the-middle"
                               : "\(name) is not in \(file)")
    }

    /// Whether a known_hosts host field names `name` (`host` or `[host]:port`).
    static func matches(_ field: String, _ name: String) -> Bool {
        guard field.hasPrefix("|1|") else { return field.split(separator: ",").contains { $0 == name } }
        // |1|base64(salt)|base64(HMAC-SHA1(key: salt, message: name))
        let parts = field.split(separator: "|", omittingEmptySubsequences: false)
        guard parts.count == 4, let salt = Data(base64Encoded: String(parts[2])),
              let hash = Data(base64Encoded: String(parts[3]))
        else { return false }
        return hmacSHA1(key: [UInt8](salt), message: Array(name.utf8)) == [UInt8](hash)
    }

    private static func hmacSHA1(key: [UInt8], message: [UInt8]) -> [UInt8]? {
        var mac = [UInt8](repeating: 0, count: 20)
        var length: UInt32 = 0
        let keyBytes = key.isEmpty ? [0] : key
        let result = keyBytes.withUnsafeBytes { k in
            message.withUnsafeBytes { m in
                HMAC(EVP_sha1(), k.baseAddress, Int32(key.count), m.baseAddress?.assumingMemoryBound(to: UInt8.self),
                     m.count, &mac, &length)
            }
        }
        return result == nil || length != 20 ? nil : mac
    }
}
