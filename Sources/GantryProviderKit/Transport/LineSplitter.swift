#if canImport(Glibc)
import Glibc
#endif

/// Cuts a byte stream into lines at `\n` (a `\r` before it is dropped), holding a partial
/// line between reads. Used by the pipe transport's reader thread.
struct LineSplitter {
    /// The longest line accepted; a longer one means the peer is not speaking the protocol.
    let limit: Int
    private var partial: [UInt8] = []

    init(limit: Int) { self.limit = limit }

    /// Feeds a chunk; returns the complete lines in it, or the start of an over-long line.
    mutating func feed(_ chunk: UnsafeRawBufferPointer) -> Result<[[UInt8]], TransportEnd> {
        var lines: [[UInt8]] = []
        var start = 0
        let bytes = chunk.bindMemory(to: UInt8.self)
        while let newline = Self.newline(in: bytes, from: start) {
            var line: [UInt8]
            if partial.isEmpty {
                line = Array(bytes[start..<newline])
            } else {
                partial.append(contentsOf: bytes[start..<newline])
                line = partial
                partial = []
            }
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            if line.count > limit { return .failure(.lineTooLong(limit: limit, start: Array(line.prefix(200)))) }
            lines.append(line)
            start = newline + 1
        }
        partial.append(contentsOf: bytes[start...])
        if partial.count > limit { return .failure(.lineTooLong(limit: limit, start: Array(partial.prefix(200)))) }
        return .success(lines)
    }

    /// The next `\n` at or after `start`: memchr, as a multi-megabyte line arrives in
    /// many chunks that are each searched whole.
    private static func newline(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard start < bytes.count, let base = bytes.baseAddress,
              let found = memchr(base + start, Int32(UInt8(ascii: "\n")), bytes.count - start) else { return nil }
        return UnsafeRawPointer(found) - UnsafeRawPointer(base)
    }

    /// Bytes after the last newline when the stream ended (a final line without `\n`).
    var remainder: [UInt8] { partial }
}
