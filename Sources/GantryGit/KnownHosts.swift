import Foundation

/// Checks an SSH host key against an OpenSSH `known_hosts` file (plain host patterns;
/// `[host]:port` forms; hashed `|1|` entries are not matched yet and are skipped).
enum KnownHosts {
    enum Verdict: Equatable {
        case trusted
        case failed(String)
    }

    static func check(host: String, keyBase64: String, file: String) -> Verdict {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            return .failed("cannot read the known_hosts file \(file)")
        }
        var sawHost = false
        for line in text.split(separator: "\n") {
            let fields = line.split(whereSeparator: \.isWhitespace)
            guard fields.count >= 3, !fields[0].hasPrefix("#"), !fields[0].hasPrefix("|") else { continue }
            let patterns = fields[0].split(separator: ",").map(String.init)
            guard patterns.contains(where: { $0 == host || $0.hasPrefix("[\(host)]:") }) else { continue }
            sawHost = true
            if fields[2] == keyBase64 { return .trusted }
        }
        return .failed(sawHost ? "the SSH host key of \(host) does not match \(file) — possible man-in-the-middle"
                               : "\(host) is not in \(file)")
    }
}
