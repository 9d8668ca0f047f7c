/// A spec directory in a git repository: where it lives, what to follow, and the bare
/// cache directory fetches go to.
///
/// ```swift
/// let source = GitSource(url: "https://example.com/infra.git", reference: .branch("main"),
///                        path: "clusters/prod", cacheDirectory: "/var/lib/gantry/git")
/// let snapshot = try await source.snapshot(timeout: .seconds(60))
/// print(snapshot.revision)   // main@sha1:3f2c…
/// ```
public struct GitSource: Sendable, Hashable {
    /// The remote URL: `file://`, `git://`, `https://` or `ssh://`.
    public let url: String
    public let reference: GitReference
    /// The spec directory inside the repository, `""` or `.` for the root.
    public let path: String
    /// A bare repository kept between fetches (created on first use).
    public let cacheDirectory: String
    public let credentials: GitCredentials
    /// Files larger than this are refused rather than read into memory.
    public var maxFileBytes = 4 << 20

    public init(url: String, reference: GitReference, path: String, cacheDirectory: String,
                credentials: GitCredentials = .none) {
        self.url = url
        self.reference = reference
        self.path = path
        self.cacheDirectory = cacheDirectory
        self.credentials = credentials
    }

    /// Fetches the remote into the cache, resolves the reference and reads the spec
    /// directory's `*.yaml`/`*.yml` files from the commit's tree — all on a dedicated
    /// thread under one deadline.
    ///
    /// - Throws: `GitError`; `timeout` when the deadline passed (the operation is abandoned).
    public func snapshot(timeout: Duration) async throws(GitError) -> GitSnapshot {
        let source = self
        return try await GitWorker.run("fetching \(url)", timeout: timeout) { deadline throws(GitError) in
            try LibGit2.snapshot(source, deadline: deadline)
        }
    }

    /// Makes https fetches trust the certificate authorities in `file` (PEM) instead of the
    /// system's — for a forge behind a private CA. It applies to the whole process, so call
    /// it once at start-up (`gantry reconcile` does with `GIT_SSL_CAINFO` or `SSL_CERT_FILE`).
    ///
    /// - Throws: `GitError` (`invalidSource`) when libgit2 cannot read the file.
    public static func trustCertificateAuthorities(inFile file: String) throws(GitError) {
        try LibGit2.useCertificateAuthorities(file: file)
    }

    /// What the linked libgit2 supports: its version and transports.
    public static var capabilities: GitCapabilities { LibGit2.capabilities }

    /// Operations given up at their deadline whose thread is still blocked in libgit2.
    public static var abandonedOperations: Int { GitWorker.abandonedOperations }
}

/// The linked libgit2's version and optional transports.
public struct GitCapabilities: Sendable, Hashable {
    public let version: String
    public let https: Bool
    public let ssh: Bool
}

/// One commit's view of the spec directory.
public struct GitSnapshot: Sendable, Hashable {
    public let revision: GitRevision
    /// The commit message's first line.
    public let summary: String
    /// The spec files, in name order; `path` is relative to the repository root.
    public let files: [GitFile]
    /// The commit's signature and the data it signs, when the commit is signed.
    public let signature: GitCommitSignature?
}

/// A file read from a commit's tree.
public struct GitFile: Sendable, Hashable {
    public let path: String
    public let bytes: [UInt8]
}

/// A commit signature (`gpgsig` header) and the commit data it covers.
public struct GitCommitSignature: Sendable, Hashable {
    public let signature: String
    public let signedData: [UInt8]

    /// Whether this is an SSH signature (as opposed to OpenPGP).
    public var isSSH: Bool { signature.hasPrefix("-----BEGIN SSH SIGNATURE-----") }
}
