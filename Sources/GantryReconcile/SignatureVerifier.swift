import Foundation
import GantryGit

/// Verifies a commit's signature the way `git verify-commit` does: an SSH signature against
/// an allowed-signers file (`ssh-keygen -Y find-principals`, then `-Y verify` in namespace
/// `git`), an OpenPGP signature against a keyring of trusted keys (`gpgv --keyring`).
///
/// A commit that is unsigned, signed by a key not trusted here, or signed in a format with no
/// trust source configured is refused, with the reason.
///
/// ```swift
/// let verifier = SignatureVerifier(allowedSigners: "/etc/gantry/allowed_signers",
///                                  gpgKeyring: "/etc/gantry/trusted.gpg")
/// if let problem = await verifier.problem(with: snapshot) { print("refused: \(problem)") }
/// ```
public struct SignatureVerifier: Sendable {
    /// OpenSSH allowed-signers file trusted for SSH signatures.
    public let allowedSigners: String?
    /// OpenPGP keyring (`gpg --export` output) trusted for GPG signatures.
    public let gpgKeyring: String?
    public let sshKeygen: String
    public let gpgv: String

    public init(allowedSigners: String? = nil, gpgKeyring: String? = nil, sshKeygen: String = "/usr/bin/ssh-keygen",
                gpgv: String = "/usr/bin/gpgv") {
        self.allowedSigners = allowedSigners
        self.gpgKeyring = gpgKeyring
        self.sshKeygen = sshKeygen
        self.gpgv = gpgv
    }

    /// Nil when the head commit carries a good signature by a trusted key; otherwise why not.
    public func problem(with snapshot: GitSnapshot) async -> String? {
        guard let signature = snapshot.signature else { return "the commit is not signed" }
        let verifier = self
        return await withCheckedContinuation { continuation in
            // The verifiers are child processes: wait for them on a dedicated thread, not the cooperative pool.
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
            if signature.isSSH {
                guard let allowedSigners else {
                    return "the commit has an SSH signature and no allowed-signers file is configured (--verify-signatures)"
                }
                return try verifySSH(signatureFile, data: signature.signedData, allowedSigners: allowedSigners)
            }
            guard let gpgKeyring else {
                return "the commit has an OpenPGP signature and no keyring is configured (--gpg-keyring)"
            }
            let dataFile = directory.appendingPathComponent("commit.data")
            try Data(signature.signedData).write(to: dataFile)
            // Its own home: gpgv must not read or create the user's ~/.gnupg.
            let result = try execute(gpgv, ["--homedir", directory.path, "--keyring", gpgKeyring, signatureFile.path,
                                            dataFile.path], input: nil)
            return result.status == 0 ? nil
                : "the OpenPGP signature does not verify against \(gpgKeyring): \(Self.lastLine(result.output))"
        } catch {
            return "could not run the signature verifier: \(error.localizedDescription)"
        }
    }

    private func verifySSH(_ signatureFile: URL, data: [UInt8], allowedSigners: String) throws -> String? {
        let principals = try execute(sshKeygen, ["-Y", "find-principals", "-f", allowedSigners, "-s", signatureFile.path],
                                     input: nil)
        guard principals.status == 0, let principal = principals.output.split(separator: "\n").first else {
            return "the signing key is not in \(allowedSigners)"
        }
        let result = try execute(sshKeygen, ["-Y", "verify", "-f", allowedSigners, "-I", String(principal), "-n", "git",
                                             "-s", signatureFile.path], input: Data(data))
        return result.status == 0 ? nil : "the signature does not verify: \(Self.lastLine(result.output))"
    }

    private static func lastLine(_ output: String) -> String {
        output.split(separator: "\n").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "no output"
    }

    private func execute(_ tool: String, _ arguments: [String], input: Data?) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
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
