import Foundation

extension Process {
    /// Runs a server that prints the port it bound as the first line of its output (the
    /// kernel picks a free one), and returns that port; stderr is dropped.
    ///
    /// - Parameter failure: what to say when the first line is not a port (the line is added).
    func runReportingPort(failure: String) throws -> Int {
        let stdout = Pipe()
        standardOutput = stdout
        standardError = FileHandle.nullDevice
        try run()
        // Reading blocks until the server has bound its port (or exited).
        var bytes = Data()
        while let byte = try stdout.fileHandleForReading.read(upToCount: 1), let first = byte.first, first != 0x0A {
            bytes.append(first)
        }
        let line = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespaces)
        guard let port = Int(line) else {
            terminate()
            throw EndToEndError("\(failure); it printed '\(line)'")
        }
        return port
    }
}
