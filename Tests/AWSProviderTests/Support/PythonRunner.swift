import Foundation

/// Runs `python3` scripts from the Fixtures folder, for references computed by another
/// implementation (botocore, boto3) than ours.
enum PythonRunner {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures").path

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs `python3 script args…` with `input` on stdin; returns stdout, throws with stderr on failure.
    static func run(_ script: String, _ arguments: [String] = [], input: String = "",
                    environment: [String: String] = [:]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", fixtures + "/" + script] + arguments
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { _, new in new }
        process.environment = env
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        // stdout is drained before waiting so a large answer cannot fill the pipe and stall the child;
        // the scripts write little to stderr.
        let outData = stdout.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "python3 \(script) exited \(process.terminationStatus): \(errorText)")
        }
        return String(decoding: outData, as: UTF8.self)
    }
}
