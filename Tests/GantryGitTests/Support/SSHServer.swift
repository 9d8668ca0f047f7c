import Foundation
import XCTest

/// OpenSSH's `sshd` on 127.0.0.1 with its own host key and one authorized user key, for
/// git over ssh:// as the current user. Everything lives in `directory`.
struct SSHServer {
    let process: ServerProcess
    let directory: URL
    /// The client's private key (its public half is authorized).
    var userKey: String { directory.appendingPathComponent("user_key").path }
    /// `[127.0.0.1]:PORT <host key>`, as `ssh` would have recorded it.
    var knownHostsLine: String

    var port: UInt16 { process.port }

    /// Starts sshd, or skips the test when it is not installed (`.ci/run` installs it).
    static func start(in directory: URL) async throws -> SSHServer {
        let sshd = "/usr/sbin/sshd"
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: sshd),
                          "sshd is not installed (apt-get install openssh-server)")
        // sshd's privilege separation needs this directory; the package's service would make it.
        try? FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
        try XCTSkipUnless(FileManager.default.fileExists(atPath: "/run/sshd"), "sshd needs /run/sshd")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, type) in [("host_key", "ecdsa"), ("user_key", "ed25519")] {
            try GitFixture.run("/usr/bin/ssh-keygen",
                               ["-q", "-t", type, "-N", "", "-f", directory.appendingPathComponent(name).path])
        }
        let path = directory.path
        try FileManager.default.copyItem(atPath: path + "/user_key.pub", toPath: path + "/authorized_keys")
        let port = try ServerProcess.freePort()
        try """
            Port \(port)
            ListenAddress 127.0.0.1
            HostKey \(path)/host_key
            AuthorizedKeysFile \(path)/authorized_keys
            PidFile \(path)/sshd.pid
            StrictModes no
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            UsePAM no
            PermitRootLogin prohibit-password

            """.write(toFile: path + "/sshd_config", atomically: true, encoding: .utf8)
        let process = try await ServerProcess([sshd, "-D", "-e", "-f", path + "/sshd_config"], port: port,
                                              log: path + "/sshd.log")
        let hostKey = try String(contentsOfFile: path + "/host_key.pub", encoding: .utf8)
            .split(separator: " ").prefix(2).joined(separator: " ")
        return SSHServer(process: process, directory: directory, knownHostsLine: "[127.0.0.1]:\(port) \(hostKey)\n")
    }
}
