import Foundation

/// A test server process (`git daemon`, `sshd`) on 127.0.0.1, stopped by the test.
///
/// Started with `posix_spawn` and an emptied signal mask, not Foundation's `Process`: an
/// async test runs on a Swift concurrency thread, whose signal mask blocks SIGTERM and
/// SIGCHLD, and a child inherits it. A daemon started that way never reaps its
/// per-connection children and ignores `terminate()` — `waitUntilExit()` then hangs the
/// test after the fetch has long succeeded (which is why the git daemon test was once
/// disabled).
final class ServerProcess {
    let port: UInt16
    private let pid: pid_t

    /// Runs `arguments` (an absolute executable path first) with stdout and stderr to
    /// `log` (or /dev/null) and returns once something accepts connections on `port`.
    init(_ arguments: [String], port: UInt16, log: String = "/dev/null") async throws {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGCHLD, SIGPIPE] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var files = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&files)
        defer { posix_spawn_file_actions_destroy(&files) }
        posix_spawn_file_actions_addopen(&files, STDOUT_FILENO, log, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&files, STDOUT_FILENO, STDERR_FILENO)
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, arguments[0], &files, &attributes, argv, environ)
        guard result == 0 else { throw NSError(domain: "posix_spawn \(arguments[0])", code: Int(result)) }
        self.pid = pid
        self.port = port
        var attempts = 0
        while !Self.accepts(port), attempts < 500 {
            try await Task.sleep(for: .milliseconds(20))
            attempts += 1
        }
    }

    deinit { stop() }

    /// SIGTERM, then reap it (once).
    func stop() {
        guard kill(pid, SIGTERM) == 0 else { return }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
    }

    /// A port nothing listens on right now.
    static func freePort() throws -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard ok else { throw NSError(domain: "socket", code: Int(errno)) }
        return UInt16(bigEndian: address.sin_port)
    }

    private static func accepts(_ port: UInt16) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
