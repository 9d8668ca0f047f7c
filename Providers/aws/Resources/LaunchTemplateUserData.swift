import Foundation
import GantryBasics
import GantryProviderKit

/// The user data a launch template holds: the boot script lowered from the pool, then a
/// section mounting the pool's file systems (`StorageMounts.shellLines`).
///
/// The mount section can only be written at create, once the file systems' DNS and mount
/// names are known, so `user_data` (as lowered) and `mounts` are separate attributes that
/// meet on the wire. Each entry rides along as a `# gantry-mount {json}` comment, so a read
/// splits what AWS holds back into the same two attributes and an unchanged pool plans no diff.
enum LaunchTemplateUserData {
    static let marker = "# gantry: storage mounts"
    static let entryPrefix = "# gantry-mount "

    /// Base64 user data for the wire; `userData` unchanged when nothing mounts.
    static func encode(userData: String?, mounts: [Value]) -> String? {
        guard !mounts.isEmpty else { return userData }
        var script = userData.flatMap { Data(base64Encoded: $0) }.map { String(decoding: $0, as: UTF8.self) }
            ?? "#!/bin/bash\nset -euo pipefail\n"
        if !script.hasSuffix("\n") { script += "\n" }
        var lines = [marker]
        for entry in mounts {
            if let json = try? JSON.encode(entry) { lines.append(entryPrefix + json) }
        }
        lines += StorageMounts.shellLines(mounts)
        return Data((script + lines.joined(separator: "\n") + "\n").utf8).base64EncodedString()
    }

    /// What AWS holds, split into the lowered `user_data` (base64) and the `mounts` entries
    /// (nil when the script has no mount section).
    static func decode(_ wire: String) -> (userData: String, mounts: [Value]?) {
        guard let bytes = Data(base64Encoded: wire) else { return (wire, nil) }
        let script = String(decoding: bytes, as: UTF8.self)
        guard let range = script.range(of: marker + "\n") else { return (wire, nil) }
        let mounts = script[range.upperBound...].split(separator: "\n").compactMap { line -> Value? in
            guard line.hasPrefix(entryPrefix) else { return nil }
            return try? JSON.parse(String(line.dropFirst(entryPrefix.count)))
        }
        return (Data(script[..<range.lowerBound].utf8).base64EncodedString(), mounts)
    }
}
