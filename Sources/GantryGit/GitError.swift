/// Why a git operation failed, with what a person needs to act on it.
///
/// A public struct around a private code, so new failure kinds can be added without
/// breaking callers; `kind` is short and stable, suited to metric labels and status reasons.
public struct GitError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The failure class, stable enough for metric labels and status reasons.
    public enum Kind: String, Sendable, Hashable {
        /// A libgit2 call returned an error.
        case library = "git-operation-failed"
        /// The operation did not finish before its deadline and was abandoned.
        case timeout = "timeout"
        /// The server refused the credentials, or none were available.
        case authentication = "authentication-failed"
        /// The branch, tag or version range matched nothing.
        case referenceNotFound = "reference-not-found"
        /// The spec directory is missing from the commit, or is not a directory.
        case pathNotFound = "path-not-found"
        /// The remote URL or reference is malformed, or the transport is unsupported here.
        case invalidSource = "invalid-source"
        /// The commit's signature is missing or does not verify.
        case signature = "signature-verification-failed"
    }

    /// The failure class.
    public let kind: Kind
    /// The libgit2 function that failed, when one did.
    public let function: String?
    /// The human message (libgit2's `git_error_last()` text when there is one).
    public let message: String
    /// What to try next, when there is something useful to say.
    public let hint: String?

    public init(_ kind: Kind, function: String? = nil, _ message: String, hint: String? = nil) {
        self.kind = kind
        self.function = function
        self.message = message
        self.hint = hint
    }

    public var description: String {
        var text = function.map { "\($0): \(message)" } ?? message
        if let hint { text += " (hint: \(hint))" }
        return text
    }
}
