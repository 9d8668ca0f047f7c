import Foundation
import XCTest

/// `gantry reconcile` refusing what it must not apply, and surviving the death of a replica.
final class ReconcileSafetyTests: XCTestCase, ReconcileScenario {
    func testOnlyCommitsSignedByAnAllowedSSHKeyAreApplied() throws {
        let gantry = try GantryBinary.locate()
        let scratch = try newRepository()
        let repo = scratch.url.appendingPathComponent("repo")
        for name in ["trusted", "stranger"] {
            _ = try run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", name,
                                                "-f", scratch.url.appendingPathComponent(name).path], input: nil)
        }
        let trustedKey = try String(contentsOf: scratch.url.appendingPathComponent("trusted.pub"), encoding: .utf8)
        let allowed = try scratch.write("allowed_signers", "test@example.com namespaces=\"git\" \(trustedKey)")
        try git(repo, "config", "gpg.format", "ssh")
        let verify = ["--once", "--verify-signatures", allowed.path]

        // A: signed by the trusted key — applied.
        try signedCommit(scratch, try spec(), "A signed", key: "trusted")
        let signed = try gantry.run(reconcileArguments(scratch, verify), in: scratch.url)
        XCTAssertEqual(signed.exitCode, 0, signed.transcript)
        XCTAssertTrue(signed.errors.contains("\"result\":\"applied\""), signed.transcript)
        let applied = try head(repo)

        // B: unsigned — refused, with the revision and why; the cloud and the state keep A.
        try commit(scratch, try spec(desired: "2"), "B unsigned")
        let unsigned = try gantry.run(reconcileArguments(scratch, verify), in: scratch.url)
        XCTAssertEqual(unsigned.exitCode, 1, unsigned.transcript)
        XCTAssertTrue(unsigned.errors.contains("VerificationFailed"), unsigned.transcript)
        XCTAssertTrue(unsigned.errors.contains("main@sha1:\(try head(repo)): the commit is not signed"),
                      unsigned.transcript)

        // C: signed, but by a key the allowed-signers file does not list — refused.
        try signedCommit(scratch, try spec(desired: "2") + "# C\n", "C signed by a stranger", key: "stranger")
        let stranger = try gantry.run(reconcileArguments(scratch, verify), in: scratch.url)
        XCTAssertEqual(stranger.exitCode, 1, stranger.transcript)
        XCTAssertTrue(stranger.errors.contains("the signing key is not in \(allowed.path)"), stranger.transcript)
        let state = Poll.text(scratch.url.appendingPathComponent("state/.gantry/state.json"))
        XCTAssertTrue(state.contains("main@sha1:\(applied)"), "the last applied revision is still A")

        // D: the trusted key signs the change — applied.
        try signedCommit(scratch, try spec(desired: "2") + "# D\n", "D signed", key: "trusted")
        let fixed = try gantry.run(reconcileArguments(scratch, verify), in: scratch.url)
        XCTAssertEqual(fixed.exitCode, 0, fixed.transcript)
        XCTAssertTrue(fixed.errors.contains("\"change\":\"1\""), fixed.transcript)
    }

    func testOnlyCommitsSignedByAKeyInTheGPGKeyringAreApplied() throws {
        let gantry = try GantryBinary.locate()
        let scratch = try newRepository()
        let repo = scratch.url.appendingPathComponent("repo")
        let homes = ["trusted", "stranger"].map { scratch.url.appendingPathComponent("gnupg-\($0)").path }
        defer { for home in homes { _ = try? run("/usr/bin/gpgconf", ["--homedir", home, "--kill", "all"], input: nil) } }
        for (home, name) in zip(homes, ["Trusted", "Stranger"]) {
            try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            _ = try run("/usr/bin/gpg", ["--homedir", home, "--batch", "--pinentry-mode", "loopback", "--passphrase", "",
                                         "--quick-gen-key",
                                         "\(name) <\(name.lowercased())@example.com>", "ed25519", "sign", "never"],
                        input: nil)
        }
        let keyring = scratch.url.appendingPathComponent("trusted.gpg")
        _ = try run("/usr/bin/gpg", ["--homedir", homes[0], "--output", keyring.path, "--export"], input: nil)
        XCTAssertFalse(try Data(contentsOf: keyring).isEmpty, "the trusted key was exported")
        let verify = ["--once", "--gpg-keyring", keyring.path]

        // A: signed by the trusted key — applied.
        try gpgSignedCommit(repo, scratch, try spec(), "A", home: homes[0], signer: "trusted@example.com")
        let signed = try gantry.run(reconcileArguments(scratch, verify), in: scratch.url)
        XCTAssertEqual(signed.exitCode, 0, signed.transcript)
        XCTAssertTrue(signed.errors.contains("\"result\":\"applied\""), signed.transcript)

        // B: signed by a key not in the keyring — refused.
        try gpgSignedCommit(repo, scratch, try spec(desired: "2"), "B", home: homes[1], signer: "stranger@example.com")
        let stranger = try gantry.run(reconcileArguments(scratch, verify), in: scratch.url)
        XCTAssertEqual(stranger.exitCode, 1, stranger.transcript)
        XCTAssertTrue(stranger.errors.contains("VerificationFailed")
                      && stranger.errors.contains("does not verify against \(keyring.path)"), stranger.transcript)
    }

    func testAStandbyTakesOverWhenTheLeaderIsKilledMidApply() throws {
        let gantry = try GantryBinary.locate()
        let scratch = try newRepository()
        // Slow API calls keep the leader inside its apply (holding the state lock) long
        // enough to be killed there.
        let slow = try spec().replacingOccurrences(of: "    regions: [us-east-1]\n\nregions:",
                                                   with: "    regions: [us-east-1]\n    latency_ms: 1500\n\nregions:")
        XCTAssertNotEqual(slow, try spec(), "the sim latency was set")
        try commit(scratch, slow, "A")
        let logs = ["leader", "standby"].map { scratch.url.appendingPathComponent("\($0).log") }
        for log in logs { _ = FileManager.default.createFile(atPath: log.path, contents: nil) }
        let leader = try gantry.start(reconcileArguments(scratch, ["--interval", "100ms"]), in: scratch.url,
                                      stderr: try FileHandle(forWritingTo: logs[0]))
        defer { if leader.isRunning { kill(leader.processIdentifier, SIGKILL) }; leader.waitUntilExit() }
        XCTAssertTrue(Poll.until { Poll.text(logs[0]).contains("\"msg\":\"fetched\"") }, Poll.text(logs[0]))
        let standby = try gantry.start(reconcileArguments(scratch, ["--interval", "100ms"]), in: scratch.url,
                                       stderr: try FileHandle(forWritingTo: logs[1]))
        defer { standby.terminate(); standby.waitUntilExit() }
        // The standby finds the lock held while the leader applies.
        XCTAssertTrue(Poll.until { Poll.text(logs[1]).contains("\"result\":\"standby\"") }, Poll.text(logs[1]))
        XCTAssertFalse(Poll.text(logs[0]).contains("\"result\":\"applied\""), "the leader is still applying")
        kill(leader.processIdentifier, SIGKILL)
        leader.waitUntilExit()

        // The OS lock died with the leader: the standby's next run takes the lock, replays what
        // the leader journaled, adopts what it had in flight and finishes the apply.
        XCTAssertTrue(Poll.until(seconds: 120) { Poll.text(logs[1]).contains("\"result\":\"applied\"") },
                      Poll.text(logs[1]))
        let cloud = try simList(gantry, scratch)
        XCTAssertEqual(cloud.components(separatedBy: "sim_node_group ").count - 1, 1, "one node group, not two: \(cloud)")
        let state = Poll.text(scratch.url.appendingPathComponent("state/.gantry/state.json"))
        XCTAssertTrue(state.contains("reconcile.lastAppliedRevision"), state)
    }

    func testAProtectedItemIsNeverDeletedUntilItsMarkIsLifted() throws {
        let gantry = try GantryBinary.locate()
        let scratch = try newRepository()
        let full = try spec()
        let protected = full.replacingOccurrences(of: "  artifacts:\n", with: "  artifacts:\n    protect: true\n")
        let storage = try XCTUnwrap(full.range(of: "storage:\n"))
        let withoutStorage = String(full[..<storage.lowerBound])
        XCTAssertNotEqual(protected, full)
        let prune = ["--once", "--prune"]
        let bucket = "storage.artifacts.sim_bucket.main"

        try commit(scratch, protected, "A: the bucket is protected")
        XCTAssertEqual(try gantry.run(reconcileArguments(scratch, prune), in: scratch.url).exitCode, 0)
        XCTAssertTrue(try simList(gantry, scratch).contains(bucket))

        // B: the item leaves the spec; even with --prune its bucket is kept, and the run says so.
        try commit(scratch, withoutStorage, "B: storage removed")
        let removed = try gantry.run(reconcileArguments(scratch, prune), in: scratch.url)
        XCTAssertEqual(removed.exitCode, 0, removed.transcript)
        XCTAssertTrue(removed.errors.contains("protect: true and are kept"), removed.transcript)
        XCTAssertTrue(try simList(gantry, scratch).contains(bucket), "the protected bucket survived --prune")
        // Later runs keep protecting it: the mark is recorded in the state, not only in the spec.
        let again = try gantry.run(reconcileArguments(scratch, prune), in: scratch.url)
        XCTAssertTrue(again.errors.contains("protect: true and are kept"), again.transcript)
        XCTAssertTrue(try simList(gantry, scratch).contains(bucket))

        // C: declared again without the mark (the protection is lifted); D: removed — now deleted.
        try commit(scratch, full, "C: protection lifted")
        XCTAssertEqual(try gantry.run(reconcileArguments(scratch, prune), in: scratch.url).exitCode, 0)
        try commit(scratch, withoutStorage, "D: storage removed")
        let deleted = try gantry.run(reconcileArguments(scratch, prune), in: scratch.url)
        XCTAssertTrue(deleted.errors.contains("\"result\":\"applied\"") && !deleted.errors.contains("\"destroy\":\"0\""),
                      deleted.transcript)
        XCTAssertFalse(try simList(gantry, scratch).contains(bucket))
    }

    private func signedCommit(_ scratch: Scratch, _ text: String, _ message: String, key: String) throws {
        try scratch.write("repo/infra/gantry.yaml", text)
        let repo = scratch.url.appendingPathComponent("repo")
        try git(repo, "add", "-A")
        try git(repo, "-c", "user.signingkey=\(scratch.url.appendingPathComponent(key).path)",
                "commit", "-q", "-S", "-m", message)
    }

    /// Commits with an OpenPGP signature by `signer`'s key in the GnuPG home `home`.
    private func gpgSignedCommit(_ repo: URL, _ scratch: Scratch, _ text: String, _ message: String,
                                 home: String, signer: String) throws {
        try scratch.write("repo/infra/gantry.yaml", text)
        try git(repo, "add", "-A")
        let before = try head(repo)
        // The key's user id, not the committer's, names the signing key.
        _ = try run("/usr/bin/env", ["GNUPGHOME=\(home)", "git", "-C", repo.path, "-c", "user.name=Test",
                                     "-c", "user.email=test@example.com", "-c", "user.signingkey=\(signer)",
                                     "commit", "-q", "-S", "-m", message], input: nil)
        XCTAssertNotEqual(try head(repo), before, "git commit -S with the key in \(home)")
    }

    private func head(_ repo: URL) throws -> String {
        try run("/usr/bin/git", ["-C", repo.path, "rev-parse", "HEAD"], input: nil)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
