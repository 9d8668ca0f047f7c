import GantryBasics
import Synchronization

/// Collects the spans of a run (one per operation, one per provider call) for the CLI to
/// export over OTLP or write with `--trace FILE`.
public final class SpanRecorder: Sendable {
    /// Shared by every span this recorder makes.
    public let traceID: String
    private let recorded = Mutex<[Span]>([])

    public init(traceID: String? = nil) {
        self.traceID = traceID ?? SpanRecorder.randomHex(bytes: 16)
    }

    /// Adds a finished span.
    public func record(_ span: Span) { recorded.withLock { $0.append(span) } }

    /// Every span recorded so far, in the order they finished.
    public var spans: [Span] { recorded.withLock { $0 } }

    /// Removes and returns the spans recorded so far (for periodic export).
    public func drain() -> [Span] { recorded.withLock { spans in defer { spans = [] }; return spans } }

    /// A new random span id (16 hex digits).
    public static func newSpanID() -> String { randomHex(bytes: 8) }

    /// `bytes` random bytes as lowercase hex (used for trace, span and intent ids).
    static func randomHex(bytes: Int) -> String {
        var text = ""
        text.reserveCapacity(bytes * 2)
        var left = bytes
        while left > 0 {
            let take = min(left, 8)
            let digits = String(UInt64.random(in: 0...UInt64.max) >> UInt64(64 - take * 8), radix: 16)
            text += String(repeating: "0", count: take * 2 - digits.count) + digits
            left -= take
        }
        return text
    }
}
