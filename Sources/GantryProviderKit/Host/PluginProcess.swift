import Foundation
import GantryBasics
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A running plugin executable: its pipes, its log, its exit.
///
/// Spawned with `posix_spawn`, not Foundation's `Process`: a child started from a Swift
/// concurrency thread inherits that thread's signal mask, which blocks SIGTERM, so the
/// plugin could not be stopped. The spawn resets the mask and the dispositions Gantry
/// changed (SIGINT is ignored while an apply handles Ctrl-C), and puts the plugin in its
/// own process group so a terminal's Ctrl-C reaches Gantry alone — Gantry decides what
/// in-flight calls do, the plugin must not die under them.
final class PluginProcess: Sendable {
    let pid: pid_t
    let executable: String
    /// stdin/stdout as a message transport.
    let transport: PipeTransport
    private let exit = ExitWatcher()

    private init(pid: pid_t, executable: String, transport: PipeTransport) {
        self.pid = pid
        self.executable = executable
        self.transport = transport
    }

    /// Starts `executable` with `environment`; its stderr lines go to `log`.
    ///
    /// - Throws: `ProviderError` (`fatal`, `PluginSpawnFailed`) naming the file and errno.
    static func spawn(executable: String, environment: [String: String],
                      log: @escaping @Sendable (String) -> Void) throws(ProviderError) -> PluginProcess {
        var stdinPipe: [Int32] = [-1, -1], stdoutPipe: [Int32] = [-1, -1], stderrPipe: [Int32] = [-1, -1]
        guard pipe(&stdinPipe) == 0, pipe(&stdoutPipe) == 0, pipe(&stderrPipe) == 0 else {
            let code = errno
            for fd in stdinPipe + stdoutPipe + stderrPipe where fd >= 0 { close(fd) }
            throw failure(executable, "pipe", code)
        }
        // Close-on-exec, so plugins started at the same time do not hold each other's pipes
        // open (a plugin would never see the end of its input). Glibc's pipe2 is not visible
        // to Swift; the window between pipe and fcntl only matters for other spawns.
        for fd in stdinPipe + stdoutPipe + stderrPipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        PipeTransport.enlargePipe(stdinPipe[1])
        PipeTransport.enlargePipe(stdoutPipe[0])
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // dup2 clears close-on-exec on the target, so exactly these three reach the child.
        posix_spawn_file_actions_adddup2(&actions, stdinPipe[0], STDIN_FILENO)
        posix_spawn_file_actions_adddup2(&actions, stdoutPipe[1], STDOUT_FILENO)
        posix_spawn_file_actions_adddup2(&actions, stderrPipe[1], STDERR_FILENO)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGPIPE, SIGHUP, SIGQUIT, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

        let argv: [UnsafeMutablePointer<CChar>?] = [strdup(executable), nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.sorted { $0.key < $1.key }
            .map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in argv + envp { free(p) } }

        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        close(stdinPipe[0])
        close(stdoutPipe[1])
        close(stderrPipe[1])
        guard result == 0 else {
            close(stdinPipe[1])
            close(stdoutPipe[0])
            close(stderrPipe[0])
            throw failure(executable, "posix_spawn", result)
        }
        let process = PluginProcess(pid: pid, executable: executable,
                                    transport: PipeTransport(input: stdoutPipe[0], output: stdinPipe[1]))
        process.startThreads(stderr: stderrPipe[0], log: log)
        return process
    }

    private static func failure(_ executable: String, _ call: String, _ code: Int32) -> ProviderError {
        ProviderError(.fatal, "could not start plugin \(executable): \(call) failed: \(String(cString: strerror(code)))",
                      providerCode: "PluginSpawnFailed", detail: ["errno": .int(Int(code))])
    }

    private func startThreads(stderr: Int32, log: @escaping @Sendable (String) -> Void) {
        let pid = pid, exit = exit
        // The exit is announced only once stderr is drained, so a plugin's last words are in
        // the log before anyone reports its death. Bounded: a grandchild may hold stderr open.
        let logDrained = DispatchSemaphore(value: 0)
        let waiter = Thread {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 {
                if errno != EINTR {
                    exit.record(.exited(-1))
                    return
                }
            }
            _ = logDrained.wait(timeout: .now() + .seconds(2))
            exit.record(ExitStatus(waitStatus: status))
        }
        waiter.name = "gantry.plugin.wait"
        waiter.start()
        let logger = Thread {
            Self.forwardLog(from: stderr, to: log)
            logDrained.signal()
        }
        logger.name = "gantry.plugin.log"
        logger.start()
    }

    /// Forwards stderr line by line; very long lines are cut into pieces.
    private static func forwardLog(from fd: Int32, to log: @Sendable (String) -> Void) {
        var pending: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 << 10)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            if count <= 0 { break }
            pending.append(contentsOf: chunk[0..<count])
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                log(String(decoding: pending[..<newline], as: UTF8.self))
                pending.removeSubrange(...newline)
            }
            if pending.count > 16 << 10 {
                log(String(decoding: pending, as: UTF8.self))
                pending.removeAll()
            }
        }
        if !pending.isEmpty { log(String(decoding: pending, as: UTF8.self)) }
        close(fd)
    }

    /// Sends `signal` to the plugin (ignored once it has been reaped).
    func send(signal: Int32) {
        guard exit.status == nil else { return }
        kill(pid, signal)
    }

    /// The exit status once the plugin has exited, or nil if it still runs after `limit`.
    func exitStatus(within limit: Duration) async -> ExitStatus? {
        if let status = exit.status { return status }
        return await withTaskGroup(of: ExitStatus?.self) { group in
            group.addTask { await self.exit.wait() }
            group.addTask {
                try? await Task.sleep(for: limit)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? exit.status
        }
    }

    /// Stops the plugin: waits `grace` for it to exit by itself (its input is closed or it
    /// was sent `shutdown`), then SIGTERM, then after `grace` again SIGKILL.
    @discardableResult
    func stop(grace: Duration) async -> ExitStatus {
        if let status = await exitStatus(within: grace) { return status }
        send(signal: SIGTERM)
        if let status = await exitStatus(within: grace) { return status }
        send(signal: SIGKILL)
        return await exitStatus(within: .seconds(3600)) ?? .signaled(SIGKILL)
    }
}

/// How a plugin process ended.
enum ExitStatus: Sendable, Hashable, CustomStringConvertible {
    case exited(Int32)
    case signaled(Int32)

    init(waitStatus status: Int32) {
        let signal = status & 0x7F
        self = signal == 0 ? .exited((status >> 8) & 0xFF) : .signaled(signal)
    }

    /// "exited with status 137", "signal 9".
    var description: String {
        switch self {
        case .exited(let code): return "status \(code)"
        case .signaled(let signal): return "signal \(signal)"
        }
    }
}

/// The plugin's exit status, set once by the waiter thread, awaited by anyone.
private final class ExitWatcher: Sendable {
    private struct State {
        var status: ExitStatus?
        var waiters: [Int: CheckedContinuation<ExitStatus?, Never>] = [:]
        var nextWaiter = 0
    }

    private let state = Mutex(State())

    var status: ExitStatus? { state.withLock { $0.status } }

    func record(_ status: ExitStatus) {
        let waiters = state.withLock { state -> [CheckedContinuation<ExitStatus?, Never>] in
            state.status = status
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume(returning: status) }
    }

    /// The status when the process exits; nil if the waiting task is cancelled first.
    func wait() async -> ExitStatus? {
        let key = state.withLock { state -> Int in
            defer { state.nextWaiter += 1 }
            return state.nextWaiter
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<ExitStatus?, Never>) in
                let ready = state.withLock { state -> ExitStatus?? in
                    if let status = state.status { return .some(status) }
                    if Task.isCancelled { return .some(nil) }
                    state.waiters[key] = continuation
                    return .none
                }
                if let ready { continuation.resume(returning: ready) }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: key) }?.resume(returning: nil)
        }
    }
}
