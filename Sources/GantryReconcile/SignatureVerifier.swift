import Foundation
import GantryGit

/// Verifies a commit's SSH signature against an allowed-signers file with
/// `ssh-keygen -Y find-principals` and `ssh-keygen -Y verify` (namespace `git`), the way
/// `git verify-commit` does with `gpg.format=ssh`. GPG signatures are not verified yet.
public struct SignatureVerifier: Sendable {
    public let allowedSigners: String
    public let sshKeygen: String

    public init(allowedSigners: String, sshKeygen: String = "/usr/bin/ssh-keygen") {
        self.allowedSigners = allowedSigners
        self.sshKeygen = sshKeygen
    }

    /// Nil when the head commit carries a good signature by an allowed signer; otherwise why not.
    public func problem(with snapshot: GitSnapshot) async -> String? {
        guard let signature = snapshot.signature else { return "the commit is not signed" }
        guard signature.isSSH else { return "the commit has an OpenPGP signature; only SSH signatures are verified" }
        let verifier = self
        return await withCheckedContinuation { continuation in
            // ssh-keygen is a child process: wait for it on a dedicated thread, not the cooperative pool.
            let thread = Thread { continuation.resume(returning: verifier.verify(signature)) }
            thread.name = "gantry-verify"
            thread.start()
        }
    }

    private func verify(_ signature: GitCommitSignature) -> String? {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gantry-verify-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let signatureFile = directory.appendingPathComponent("commit.sig")
            try Data(signature.signature.utf8).write(to: signatureFile)
            let principals = try execute(["-Y", "find-principals", "-f", allowedSigners, "-s", signatureFile.path], input: nil)
            guard principals.status == 0, let principal = principals.output.split(separator: "\n").first else {
                return "the signing key is not in \(allowedSigners)"
            }
            let result = try execute(["-Y", "verify", "-f", allowedSigners, "-I", String(principal), "-n", "git",
                                      "-s", signatureFile.path], input: Data(signature.signedData))
            return result.status == 0 ? nil
                : "the signature does not verify: \(result.output.trimmingCharacters(in: .whitespacesAndNewlines))"
        } catch {
            return "could not run \(sshKeygen): \(error.localizedDescription)"
        }
    }

    private func execute(_ arguments: [String], input: Data?) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: sshKeygen)
        process.arguments = arguments
        let output = Pipe(), stdin = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(input) }
        try stdin.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
