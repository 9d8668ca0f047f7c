/// A reconcile setup problem a person must fix (bad listen address, port taken).
public struct ReconcileError: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String
    public let hint: String?

    public init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }

    public var description: String { hint.map { "\(message) (hint: \($0))" } ?? message }
}
