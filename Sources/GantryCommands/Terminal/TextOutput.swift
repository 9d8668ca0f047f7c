import Foundation
import Synchronization

/// Somewhere a command writes text: the process's stdout/stderr, or a buffer in tests.
public protocol TextOutput: Sendable {
    /// Writes `text` as is (callers add newlines).
    func write(_ text: String)
}

extension TextOutput {
    /// Writes `text` and a newline.
    public func line(_ text: String = "") { write(text + "\n") }
}

/// A file descriptor of this process (stdout, stderr), written unbuffered so progress
/// redraws and prompts appear at once.
public struct StandardStream: TextOutput {
    public let fileDescriptor: Int32

    public static let output = StandardStream(fileDescriptor: STDOUT_FILENO)
    public static let error = StandardStream(fileDescriptor: STDERR_FILENO)

    public func write(_ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Foundation.write(fileDescriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return  // the reader went away (EPIPE); nothing useful left to do with the text
            }
            bytes = bytes.dropFirst(written)
        }
    }

    /// True when a person is looking at it (a terminal, not a pipe or file).
    public var isTerminal: Bool { isatty(fileDescriptor) == 1 }
}

/// Collects everything written, for tests and for commands that post-process output.
public final class CapturedOutput: TextOutput {
    private let buffer = Mutex("")

    public init() {}

    public func write(_ text: String) { buffer.withLock { $0 += text } }

    /// Everything written so far.
    public var text: String { buffer.withLock { $0 } }
}
