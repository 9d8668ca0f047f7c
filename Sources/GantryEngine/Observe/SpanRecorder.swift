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
        // Digit by digit into one buffer: an apply of 8,000 makes one id per create, and
        // formatting through String(radix:) and concatenation showed in its profile.
        let digits = Array("0123456789abcdef".utf8)
        var generator = SystemRandomNumberGenerator()
        var out: [UInt8] = []
        out.reserveCapacity(bytes * 2)
        var word: UInt64 = 0
        for index in 0..<bytes {
            if index % 8 == 0 { word = generator.next() }
            let byte = UInt8(truncatingIfNeeded: word >> UInt64(index % 8 * 8))
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
