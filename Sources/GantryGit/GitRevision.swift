/// A resolved commit: the name it was resolved from and its object id, printed
/// Flux-style as `main@sha1:3f2c…`.
public struct GitRevision: Sendable, Hashable, CustomStringConvertible {
    /// The branch or tag the commit was resolved from (the full id for a pinned commit).
    public let name: String
    /// The commit's hexadecimal object id.
    public let commit: String

    public init(name: String, commit: String) {
        self.name = name
        self.commit = commit
    }

    /// `name@sha1:commit`.
    public var description: String { "\(name)@sha1:\(commit)" }

    /// The first 12 hex digits, for log lines.
    public var shortCommit: String { String(commit.prefix(12)) }
}
