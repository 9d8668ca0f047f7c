import Foundation
import GantryBasics
import GantryProviderKit

/// The user data a launch template holds: the boot script lowered from the pool, with a
/// section mounting the pool's file systems (`StorageMounts.shellLines`).
///
/// The mount section can only be written at create, once the file systems' DNS and mount
/// names are known, so `user_data` (as lowered) and `mounts` are separate attributes that
/// meet on the wire. Each entry rides along as a `# gantry-mount {json}` comment inside
/// marked lines, so a read splits what AWS holds back into the same two attributes and an
/// unchanged pool plans no diff. For EKS node groups the user data is a MIME multi-part
/// document (EKS merges it with its own bootstrap); the section goes into its shell part,
/// before the closing boundary.
enum LaunchTemplateUserData {
    static let begin = "# gantry: storage mounts"
    static let end = "# gantry: end of storage mounts"
    static let entryPrefix = "# gantry-mount "

    /// Base64 user data for the wire; `userData` unchanged when nothing mounts.
    static func encode(userData: String?, mounts: [Value]) -> String? {
        guard !mounts.isEmpty else { return userData }
        var script = userData.flatMap { Data(base64Encoded: $0) }.map { String(decoding: $0, as: UTF8.self) }
            ?? "#!/bin/bash\nset -euo pipefail\n"
        if !script.hasSuffix("\n") { script += "\n" }
        var lines = [begin]
        for entry in mounts {
            if let json = try? JSON.encode(entry) { lines.append(entryPrefix + json) }
        }
        lines += StorageMounts.shellLines(mounts) + [end]
        let section = lines.joined(separator: "\n") + "\n"
        // A MIME document ends with its closing boundary line (`--B--`); the section goes before it.
        var body = script.dropLast().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if let last = body.last, last.hasPrefix("--"), last.hasSuffix("--"), last.count > 4 {
            body.removeLast()
            return Data((body.joined(separator: "\n") + "\n" + section + last + "\n").utf8).base64EncodedString()
        }
        return Data((script + section).utf8).base64EncodedString()
    }

    /// What AWS holds, split into the lowered `user_data` (base64) and the `mounts` entries
    /// (nil when the script has no mount section).
    static func decode(_ wire: String) -> (userData: String, mounts: [Value]?) {
        guard let bytes = Data(base64Encoded: wire) else { return (wire, nil) }
        let script = String(decoding: bytes, as: UTF8.self)
        guard let start = script.range(of: begin + "\n"),
              let stop = script.range(of: end + "\n", range: start.upperBound..<script.endIndex) else { return (wire, nil) }
        let mounts = script[start.upperBound..<stop.lowerBound].split(separator: "\n").compactMap { line -> Value? in
            guard line.hasPrefix(entryPrefix) else { return nil }
            return try? JSON.parse(String(line.dropFirst(entryPrefix.count)))
        }
        let lowered = String(script[..<start.lowerBound]) + String(script[stop.upperBound...])
        return (Data(lowered.utf8).base64EncodedString(), mounts)
    }
}
