/// Errors the commands themselves raise (as opposed to the libraries they call): each
/// says what went wrong and what to do about it.
public struct CommandError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What happened, in a sentence.
    public var message: String
    /// What to do next, printed on its own line.
    public var hint: String?
    /// How the process exits because of it.
    public var exitCode: ExitCode

    public init(_ message: String, hint: String? = nil, exitCode: ExitCode = .failure) {
        self.message = message
        self.hint = hint
        self.exitCode = exitCode
    }

    public var description: String {
        hint.map { "\(message)\nhint: \($0)" } ?? message
    }
}
