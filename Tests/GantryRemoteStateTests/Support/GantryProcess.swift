import Foundation

/// The real `gantry` executable, started as a child process the way CI would run it.
///
/// `swift test` builds it next to the test bundle; `GANTRY_BINARY` points at another build.
struct GantryProcess {
    let pid: pid_t
    let log: String

    static var binary: String {
        if let path = ProcessInfo.processInfo.environment["GANTRY_BINARY"] { return path }
        return Bundle.main.bundleURL.appendingPathComponent("gantry").path
    }

    /// Starts `gantry arguments…` with stdout and stderr going to `log`.
    static func start(_ arguments: [String], log: String) throws -> GantryProcess {
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([binary] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, binary, &actions, nil, argv, environ)
        guard result == 0 else { throw PostgresServer.Unavailable(description: "could not start \(binary): \(result)") }
        return GantryProcess(pid: pid, log: log)
    }

    /// Runs `gantry arguments…` to the end: exit code and everything it printed.
    static func run(_ arguments: [String], log: String) throws -> (exitCode: Int32, output: String) {
        let process = try start(arguments, log: log)
        let status = process.wait()
        return (status, process.output)
    }

    /// Waits for the process; its exit code, or 128 + signal.
    func wait() -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    /// SIGKILL: no cleanup, no unlock — a CI runner that vanished.
    func kill9() { kill(pid, SIGKILL) }

    var output: String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }
}
