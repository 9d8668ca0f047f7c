import Foundation
import XCTest

/// What the reconcile tests share: a git repository made with the git CLI in a scratch
/// folder (`repo/`, the spec in `repo/infra/`), a state folder (`state/`) and small tools.
protocol ReconcileScenario: XCTestCase {}

extension ReconcileScenario {
    /// The quickstart spec with the pool's desired size set to `desired`.
    func spec(desired: String = "1") throws -> String {
        let text = try String(contentsOf: Repository.root.appendingPathComponent("Examples/quickstart/gantry.yaml"),
                              encoding: .utf8)
        return text.replacingOccurrences(of: "desired: \"${var.env == 'prod' ? 2 : 1}\"", with: "desired: \(desired)")
    }

    func git(_ repository: URL, _ arguments: String...) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = ["-c", "user.name=Test", "-c", "user.email=test@example.com"] + arguments
        process.currentDirectoryURL = repository
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "git \(arguments)")
    }

    func commit(_ scratch: Scratch, _ text: String, _ message: String) throws {
        try scratch.write("repo/infra/gantry.yaml", text)
        let repo = scratch.url.appendingPathComponent("repo")
        try git(repo, "add", "-A")
        try git(repo, "commit", "-q", "-m", message)
    }

    func newRepository() throws -> Scratch {
        let scratch = try Scratch()
        try FileManager.default.createDirectory(at: scratch.url.appendingPathComponent("repo"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: scratch.url.appendingPathComponent("state"), withIntermediateDirectories: true)
        try git(scratch.url.appendingPathComponent("repo"), "init", "-q", "-b", "main")
        return scratch
    }

    func reconcileArguments(_ scratch: Scratch, _ extra: [String] = []) -> [String] {
        ["reconcile", "--repo", "file://" + scratch.url.appendingPathComponent("repo").path, "--path", "infra",
         "-C", scratch.url.appendingPathComponent("state").path, "--interval", "200ms", "--retry-interval", "200ms",
         "--max-retry-interval", "400ms", "--log-format", "json"] + extra
    }

    func simList(_ gantry: GantryBinary, _ scratch: Scratch) throws -> String {
        try gantry.run(["sim", "list", "-C", "state"], in: scratch.url).output
    }

    func curl(_ url: String, post body: String? = nil, header: String? = nil) throws -> String {
        var arguments = ["-s", "-m", "10", url]
        if let body { arguments += ["-X", "POST", "--data-binary", body] }
        if let header { arguments += ["-H", header] }
        return try run("/usr/bin/curl", arguments, input: nil)
    }

    func run(_ executable: String, _ arguments: [String], input: String?) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe(), stdin = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
