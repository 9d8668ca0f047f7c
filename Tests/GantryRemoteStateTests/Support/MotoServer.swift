import Foundation

/// moto's S3 (`python3 -m moto.server`) on a free port on 127.0.0.1, for one suite.
/// Needs `pip install 'moto[server]'`.
final class MotoServer: @unchecked Sendable {
    let port: Int
    private let pid: pid_t
    var endpoint: String { "http://127.0.0.1:\(port)" }

    init() throws {
        port = try PostgresServer.freePort()
        let log = NSTemporaryDirectory() + "gantry-moto-\(port).log"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let arguments = ["/usr/bin/env", "python3", "-m", "moto.server", "-H", "127.0.0.1", "-p", String(port)]
        let argv = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var child: pid_t = 0
        guard posix_spawn(&child, "/usr/bin/env", &actions, nil, argv, environ) == 0 else {
            throw PostgresServer.Unavailable(description: "could not start moto: pip install 'moto[server]'")
        }
        pid = child
        // Ready when it accepts a connection.
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if Self.accepts(port) { return }
            usleep(100_000)
        }
        kill(child, SIGKILL)
        throw PostgresServer.Unavailable(description: "moto did not start; see \(log)")
    }

    /// SIGKILL: moto's server does not always exit on SIGTERM.
    func stop() {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }

    private static func accepts(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
