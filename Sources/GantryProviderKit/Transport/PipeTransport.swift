import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Newline-framed messages over two file descriptors (a plugin's stdout and stdin, or the
/// SDK's own stdin and stdout), each served by a dedicated thread so a blocking `read`
/// or a full pipe never stalls the cooperative thread pool.
///
/// Writes are queued and coalesced: the writer thread writes everything queued since its
/// last `write(2)` in one call, so many small replies cost few system calls.
public final class PipeTransport: PluginTransport {
    /// The longest line accepted from the peer (64 MiB).
    public static let defaultLineLimit = 64 << 20

    private let input: Int32
    private let output: Int32
    private let lineLimit: Int
    private let outgoing = OutgoingQueue()

    /// - Parameters:
    ///   - input: read end; closed by the transport when the stream ends.
    ///   - output: write end; closed by `close()` once everything queued is written.
    public init(input: Int32, output: Int32, lineLimit: Int = defaultLineLimit) {
        self.input = input
        self.output = output
        self.lineLimit = lineLimit
    }

    public func start(_ receiver: @escaping @Sendable (TransportEvent) -> Void) {
        // A vanished peer must be an EPIPE to handle, not the death of this process: the
        // default SIGPIPE action ends a host that writes to a plugin it just stopped, and a
        // plugin whose host went away. The disposition is process-wide, set before any write.
        signal(SIGPIPE, SIG_IGN)
        let input = input, lineLimit = lineLimit
        let reader = Thread {
            receiver(.closed(Self.readLines(from: input, limit: lineLimit, receiver)))
            Glibc.close(input)
        }
        reader.name = "gantry.plugin.reader"
        reader.start()
        let outgoing = outgoing, output = output
        let writer = Thread { outgoing.drain(into: output) }
        writer.name = "gantry.plugin.writer"
        writer.start()
    }

    public func send(_ message: [UInt8]) { outgoing.enqueue(message) }

    public func close() { outgoing.finish() }

    /// Returns once `close()` was called and everything queued before it has been written
    /// (or the peer is gone): a process must not exit with replies still queued.
    public func flushed() async { await outgoing.drained() }

    /// The pipe buffer asked for (`F_SETPIPE_SZ`), and the reader's buffer: Linux's
    /// unprivileged maximum. A megabyte `lower` then crosses in a few writes instead of one
    /// context switch per 64 KiB.
    static let pipeCapacity = 1 << 20

    /// Makes the pipe behind `fd` hold `pipeCapacity` bytes where the system allows;
    /// the default (64 KiB) still works, only slower.
    public static func enlargePipe(_ fd: Int32) {
        let setPipeSize: Int32 = 1031  // F_SETPIPE_SZ, which Swift's Glibc module does not export
        _ = fcntl(fd, setPipeSize, Int32(pipeCapacity))
    }

    /// Reads until the end of input, handing each complete line to `receiver`.
    private static func readLines(from fd: Int32, limit: Int,
                                  _ receiver: @Sendable (TransportEvent) -> Void) -> TransportEnd {
        var splitter = LineSplitter(limit: limit)
        let capacity = pipeCapacity
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 1)
        defer { buffer.deallocate() }
        while true {
            let count = read(fd, buffer.baseAddress, capacity)
            if count < 0 {
                if errno == EINTR { continue }
                return .readFailed(errno: errno)
            }
            if count == 0 {
                let rest = splitter.remainder
                if !rest.isEmpty { receiver(.line(rest)) }
                return .endOfInput
            }
            switch splitter.feed(UnsafeRawBufferPointer(rebasing: buffer[0..<count])) {
            case .success(let lines): for line in lines { receiver(.line(line)) }
            case .failure(let end): return end
            }
        }
    }
}

/// The writer thread's queue: messages joined with newlines, handed over in bulk.
private final class OutgoingQueue: Sendable {
    private struct State {
        var pending: [UInt8] = []
        var finished = false
        var drained = false
        var drainWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())
    /// Signalled when bytes arrive or the queue finishes.
    private let ready = DispatchSemaphore(value: 0)

    func enqueue(_ message: [UInt8]) {
        let accepted = state.withLock { state -> Bool in
            guard !state.finished else { return false }
            let wasEmpty = state.pending.isEmpty
            state.pending.append(contentsOf: message)
            state.pending.append(UInt8(ascii: "\n"))
            return wasEmpty
        }
        if accepted { ready.signal() }
    }

    func finish() {
        state.withLock { $0.finished = true }
        ready.signal()
    }

    /// Runs on the writer thread until `finish`; then closes `fd`. A write error (the
    /// peer is gone) drops everything after it: the reader side reports the end.
    func drain(into fd: Int32) {
        var broken = false
        while true {
            ready.wait()
            let (bytes, finished) = state.withLock { state -> ([UInt8], Bool) in
                let bytes = state.pending
                state.pending = []
                return (bytes, state.finished)
            }
            if !broken, !bytes.isEmpty { broken = !Self.writeAll(bytes, to: fd) }
            if finished {
                close(fd)
                let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
                    state.drained = true
                    defer { state.drainWaiters = [] }
                    return state.drainWaiters
                }
                for waiter in waiters { waiter.resume() }
                return
            }
        }
    }

    func drained() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = state.withLock { state -> Bool in
                if !state.drained { state.drainWaiters.append(continuation) }
                return state.drained
            }
            if done { continuation.resume() }
        }
    }

    private static func writeAll(_ bytes: [UInt8], to fd: Int32) -> Bool {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = write(fd, raw.baseAddress.map { $0 + offset }, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += written
            }
            return true
        }
    }
}
