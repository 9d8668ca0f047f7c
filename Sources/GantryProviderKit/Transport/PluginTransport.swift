/// A two-way channel of newline-framed messages between Gantry and a plugin: the plugin's
/// stdin/stdout pipes, or an in-memory pair for in-process hosting in tests.
///
/// `start` is called once; the receiver gets every incoming line in order, then exactly one
/// `.closed`. Receivers run on the transport's own thread and must not block for long.
public protocol PluginTransport: AnyObject, Sendable {
    /// Starts delivering incoming lines (without their newline) to `receiver`.
    func start(_ receiver: @escaping @Sendable (TransportEvent) -> Void)
    /// Queues one message (without its newline) for sending; never blocks. Ignored after `close`.
    func send(_ message: [UInt8])
    /// Closes the outgoing direction once queued messages are written; the other side
    /// sees the end of its input.
    func close()
}

/// What a transport delivers.
public enum TransportEvent: Sendable {
    case line([UInt8])
    /// The incoming direction ended; no more lines follow.
    case closed(TransportEnd)
}

/// Why the incoming direction ended.
public enum TransportEnd: Error, Sendable, Hashable, CustomStringConvertible {
    /// The other side closed its output (or exited).
    case endOfInput
    /// A line longer than the limit: the stream cannot be trusted any more.
    case lineTooLong(limit: Int, start: [UInt8])
    /// `read(2)` failed.
    case readFailed(errno: Int32)

    public var description: String {
        switch self {
        case .endOfInput: return "it closed its output"
        case .lineTooLong(let limit, let start):
            return "it sent a line longer than \(limit) bytes, starting \(ByteEscaping.quote(start))"
        case .readFailed(let code): return "reading its output failed (errno \(code))"
        }
    }
}
