import Dispatch
import Synchronization

/// One end of an in-process channel: what one end sends, the other receives, in order,
/// on a serial queue. It carries the same bytes as the pipes do, so a provider hosted in
/// process through `PluginServer` goes through the whole encode/decode path.
///
/// ```swift
/// let (host, plugin) = InMemoryTransport.pair()
/// Task { await PluginServer(provider: SimProvider()).serve(on: plugin) }
/// ```
public final class InMemoryTransport: PluginTransport {
    private struct State {
        var receiver: (@Sendable (TransportEvent) -> Void)?
        /// Lines that arrived before `start`.
        var early: [TransportEvent] = []
        var closedOutgoing = false
    }

    private let state = Mutex(State())
    private let queue: DispatchQueue
    private let peer = Mutex<InMemoryTransport?>(nil)

    private init(label: String) { queue = DispatchQueue(label: label) }

    /// Two connected ends.
    public static func pair() -> (InMemoryTransport, InMemoryTransport) {
        let a = InMemoryTransport(label: "gantry.plugin.memory.a"), b = InMemoryTransport(label: "gantry.plugin.memory.b")
        a.peer.withLock { $0 = b }
        b.peer.withLock { $0 = a }
        return (a, b)
    }

    public func start(_ receiver: @escaping @Sendable (TransportEvent) -> Void) {
        // Queued under the lock so a line sent meanwhile cannot overtake the early ones.
        state.withLock { state in
            state.receiver = receiver
            let early = state.early
            state.early = []
            queue.async { for event in early { receiver(event) } }
        }
    }

    public func send(_ message: [UInt8]) {
        guard !state.withLock({ $0.closedOutgoing }) else { return }
        peer.withLock { $0 }?.deliver(.line(message))
    }

    public func close() {
        let wasOpen = state.withLock { state -> Bool in
            defer { state.closedOutgoing = true }
            return !state.closedOutgoing
        }
        if wasOpen {
            let other = peer.withLock { peer -> InMemoryTransport? in
                defer { peer = nil }
                return peer
            }
            other?.deliver(.closed(.endOfInput))
        }
    }

    private func deliver(_ event: TransportEvent) {
        state.withLock { state in
            guard let receiver = state.receiver else { return state.early.append(event) }
            queue.async { receiver(event) }
        }
    }
}
