@testable import GantryProviderKit
import Testing

/// The pipe reader's framing: lines come out whole however the stream is cut into reads.
@Suite struct LineSplitterTests {
    /// Feeds `stream` in chunks of `size` bytes; the lines, and what is left at the end.
    static func split(_ stream: [UInt8], chunk size: Int, limit: Int = 1 << 20) -> (lines: [[UInt8]], rest: [UInt8])? {
        var splitter = LineSplitter(limit: limit)
        var lines: [[UInt8]] = []
        var start = 0
        while start < stream.count {
            let end = min(start + size, stream.count)
            let result = stream[start..<end].withUnsafeBytes { splitter.feed($0) }
            guard case .success(let more) = result else { return nil }
            lines += more
            start = end
        }
        return (lines, splitter.remainder)
    }

    @Test(arguments: [1, 2, 3, 7, 64, 4096])
    func linesSurviveAnyChunking(_ size: Int) throws {
        let long = String(repeating: "x", count: 10_000)
        let stream = Array("one\ntwo\r\n\n\(long)\nlast".utf8)
        let (lines, rest) = try #require(Self.split(stream, chunk: size))
        #expect(lines.map { String(decoding: $0, as: UTF8.self) } == ["one", "two", "", long])
        #expect(String(decoding: rest, as: UTF8.self) == "last")
    }

    @Test func aLineLongerThanTheLimitEndsTheStream() {
        let stream = Array((String(repeating: "y", count: 300) + "\n").utf8)
        #expect(Self.split(stream, chunk: 64, limit: 100) == nil)
        #expect(Self.split(stream, chunk: 1000, limit: 100) == nil)
        #expect(Self.split(stream, chunk: 1000, limit: 300)?.lines.count == 1)
    }
}
