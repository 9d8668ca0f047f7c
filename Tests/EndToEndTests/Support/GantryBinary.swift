import Foundation

/// Runs the real `gantry` executable, as a user or a CI job would.
///
/// Finding it: `swift test` builds every product of the package, including the `gantry`
/// executable, into the same directory as the test bundle (`.build/debug/` or
/// `<scratch-path>/debug/`). The test bundle runs inside the `xctest` process whose
/// `Bundle.main` is that directory, so the binary is `Bundle.main.bundleURL/gantry`.
/// Set `GANTRY_BINARY` to test another build.
struct GantryBinary {
    /// What one run printed and how it exited.
    struct Result {
        var exitCode: Int32
        var output: String
        var errors: String
        /// Both streams, for assertion messages.
        var transcript: String { "exit \(exitCode)\n--- stdout\n\(output)--- stderr\n\(errors)" }
    }

    let url: URL

    /// The binary built alongside these tests.
    static func locate() throws -> GantryBinary {
        if let path = ProcessInfo.processInfo.environment["GANTRY_BINARY"] {
            return GantryBinary(url: URL(fileURLWithPath: path))
        }
        var candidates = [Bundle.main.bundleURL.appendingPathComponent("gantry")]
        // When the bundle is a directory (`*.xctest`), the products sit next to it.
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("gantry"))
        if let argv0 = CommandLine.arguments.first {
            candidates.append(URL(fileURLWithPath: argv0).deletingLastPathComponent().appendingPathComponent("gantry"))
        }
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate.path) {
            return GantryBinary(url: candidate)
        }
        throw EndToEndError("gantry binary not found next to the test bundle (tried \(candidates.map(\.path))); "
                            + "run `swift build` first or set GANTRY_BINARY")
    }

    /// Starts `gantry arguments…` in `directory` without waiting for it.
    func start(_ arguments: [String], in directory: URL, environment: [String: String] = [:],
               stdout: FileHandle? = nil, stderr: FileHandle? = nil) throws -> Process {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        env.removeValue(forKey: "OTEL_EXPORTER_OTLP_ENDPOINT")
        for (key, value) in environment { env[key] = value }
        process.environment = env
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = stdout ?? FileHandle.nullDevice
        process.standardError = stderr ?? FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Runs `gantry arguments…` in `directory` to the end and returns what it printed.
    ///
    /// Output goes to files rather than pipes so a chatty run can't fill a pipe buffer
    /// and stall while nobody reads it.
    func run(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> Result {
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("gantry-e2e-out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout"), errURL = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        let process = try start(arguments, in: directory, environment: environment, stdout: out, stderr: err)
        process.waitUntilExit()
        try out.close()
        try err.close()
        return Result(exitCode: process.terminationStatus,
                      output: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
                      errors: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
    }
}

/// A failure of the test harness itself (not of gantry).
struct EndToEndError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
