import Foundation

/// A real PostgreSQL server for one test suite: `initdb` + `pg_ctl` in a temporary
/// directory on a free port on 127.0.0.1, run as the `postgres` user (PostgreSQL refuses
/// to run as root), stopped at the end.
///
/// Needs the Debian `postgresql` package (binaries under /usr/lib/postgresql/*/bin).
final class PostgresServer: @unchecked Sendable {
    let directory: String
    let port: Int
    private let bin: String

    /// The URL a store connects with (trust authentication: no password).
    var url: String { "postgresql://postgres@127.0.0.1:\(port)/postgres?connect_timeout=3" }

    struct Unavailable: Error, CustomStringConvertible {
        var description: String
    }

    init() throws {
        guard let bin = Self.findBinaries() else {
            throw Unavailable(description: "PostgreSQL is not installed: apt-get install -y postgresql")
        }
        self.bin = bin
        port = try Self.freePort()
        directory = NSTemporaryDirectory() + "gantry-pg-\(getpid())-\(port)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if getuid() == 0 { try Self.run("/bin/chown", ["postgres:postgres", directory]) }
        try asPostgres("\(bin)/initdb -D \(directory)/data -A trust -U postgres > \(directory)/initdb.log 2>&1")
        try start()
    }

    /// Starts (or restarts) the server and waits until it accepts connections.
    func start() throws {
        try asPostgres("\(bin)/pg_ctl -D \(directory)/data -l \(directory)/server.log -w -o \"-p \(port) -k \(directory) -c listen_addresses=127.0.0.1\" start > /dev/null")
    }

    /// Stops the server at once, dropping every connection (`-m immediate`).
    func stop() throws {
        try asPostgres("\(bin)/pg_ctl -D \(directory)/data -m immediate -w stop > /dev/null 2>&1")
    }

    /// Stops the server and deletes its directory.
    func destroy() {
        try? stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    private func asPostgres(_ command: String) throws {
        if getuid() == 0 {
            try Self.run("/usr/sbin/runuser", ["-u", "postgres", "--", "/bin/sh", "-c", command])
        } else {
            try Self.run("/bin/sh", ["-c", command])
        }
    }

    private static func run(_ tool: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Unavailable(description: "\(tool) \(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
        }
    }

    private static func findBinaries() -> String? {
        let root = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return versions.sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }.map { "\(root)/\($0)/bin" }
            .first { FileManager.default.isExecutableFile(atPath: "\($0)/pg_ctl") }
    }

    /// A port nothing listens on now: bind port 0 and read what the kernel chose.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Unavailable(description: "socket failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw -> Bool in
                bind(fd, raw, length) == 0 && getsockname(fd, raw, &length) == 0
            }
        }
        guard bound else { throw Unavailable(description: "bind failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
