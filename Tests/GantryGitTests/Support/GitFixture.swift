import Foundation

/// A real git repository made with the `git` CLI in a fresh temporary directory.
final class GitFixture {
    let root: URL
    var repository: URL { root.appendingPathComponent("repo") }
    var fileURL: String { "file://" + repository.path }
    var cache: String { root.appendingPathComponent("cache").path }

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("gantry-git-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: repository, withIntermediateDirectories: true)
        try git("init", "-q", "-b", "main")
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// Writes files (path → text) and commits them; returns the commit id.
    @discardableResult
    func commit(_ message: String, _ files: [String: String], removing: [String] = []) throws -> String {
        for (path, text) in files {
            let url = repository.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        for path in removing { try git("rm", "-q", path) }
        try git("add", "-A")
        try git("-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "-q", "-m", message)
        return try git("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @discardableResult
    func git(_ arguments: String...) throws -> String {
        try Self.run("/usr/bin/git", arguments, in: repository)
    }

    /// Runs `tool` to the end and returns its output; throws when it fails.
    @discardableResult
    static func run(_ tool: String, _ arguments: [String], in directory: URL? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw NSError(domain: tool, code: Int(process.terminationStatus),
                          userInfo: [NSLocalizedDescriptionKey: "\(tool) \(arguments.joined(separator: " ")) failed"])
        }
        return String(decoding: data, as: UTF8.self)
    }
}

/// A TCP listener on 127.0.0.1 that accepts connections and never answers — a hung git server.
final class SilentServer: @unchecked Sendable {
    let port: UInt16
    private let socket: Int32
    private var accepted: [Int32] = []

    init() throws {
        let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        socket = fd
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Bool in
                bind(fd, pointer, length) == 0 && listen(fd, 8) == 0
                    && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw NSError(domain: "socket", code: Int(errno)) }
        port = UInt16(bigEndian: address.sin_port)
        // Accept in the background and hold every connection open, silently.
        Thread.detachNewThread { [weak self] in
            while true {
                let client = accept(fd, nil, nil)
                if client < 0 { return }
                self?.accepted.append(client)
            }
        }
    }

    deinit {
        shutdown(socket, Int32(SHUT_RDWR))
        close(socket)
        accepted.forEach { close($0) }
    }
}
