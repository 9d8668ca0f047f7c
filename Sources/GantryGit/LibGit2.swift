import CGit2
import Foundation

/// Every call into libgit2 goes through this file (and `LibGit2+Fetch.swift`): raw C
/// values become Swift values at once, every handle is freed by the scope that made it,
/// and a failure names the libgit2 function and carries `git_error_last()`.
///
/// Everything here runs on a `GitWorker` thread, never on the cooperative pool.
enum LibGit2 {
    /// `git_libgit2_init` once per process, with owner validation off: the cache is ours,
    /// and a cache made by another user id (a container volume) must still open.
    static let initialized: Bool = {
        git_libgit2_init()
        return gantry_git_set_owner_validation(0) == 0
    }()

    static var capabilities: GitCapabilities {
        _ = initialized
        var major: Int32 = 0, minor: Int32 = 0, revision: Int32 = 0
        git_libgit2_version(&major, &minor, &revision)
        let features = git_libgit2_features()
        return GitCapabilities(version: "\(major).\(minor).\(revision)",
                               https: features & Int32(GIT_FEATURE_HTTPS.rawValue) != 0,
                               ssh: features & Int32(GIT_FEATURE_SSH.rawValue) != 0)
    }

    /// Replaces the certificate authorities https fetches trust (process-wide).
    static func useCertificateAuthorities(file: String) throws(GitError) {
        guard initialized else {
            throw GitError(.library, function: "git_libgit2_opts", "could not turn off owner validation")
        }
        try check(gantry_git_set_ssl_cert_file(file), "git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS)",
                  kind: .invalidSource)
    }

    /// Throws when `code` is negative, naming `function` and libgit2's last error.
    static func check(_ code: Int32, _ function: String, kind: GitError.Kind? = nil) throws(GitError) {
        guard code < 0 else { return }
        throw error(code, function, kind: kind)
    }

    static func error(_ code: Int32, _ function: String, kind: GitError.Kind? = nil) -> GitError {
        let last = git_error_last()
        let message = last.flatMap { $0.pointee.message.map { String(cString: $0) } } ?? "error \(code)"
        let resolvedKind = kind ?? (code == GIT_EAUTH.rawValue ? .authentication
            : code == GIT_ENOTFOUND.rawValue ? .referenceNotFound : .library)
        return GitError(resolvedKind, function: function, message)
    }

    /// Fetch, resolve and read — one operation so it runs under one deadline.
    static func snapshot(_ source: GitSource, deadline: GitDeadline) throws(GitError) -> GitSnapshot {
        guard initialized else {
            throw GitError(.library, function: "git_libgit2_opts", "could not turn off owner validation")
        }
        let repository = try Repository.openOrCreateBare(source.cacheDirectory)
        try fetch(source, into: repository, deadline: deadline)
        let (name, oid) = try resolve(source.reference, in: repository)
        let commit = try Handle(git_commit_free) { (out: inout OpaquePointer?) throws(GitError) in
            var id = oid
            try check(git_commit_lookup(&out, repository.pointer, &id), "git_commit_lookup")
        }
        let summary = git_commit_summary(commit.pointer).map { String(cString: $0) } ?? ""
        let files = try readSpecFiles(commit: commit, directory: source.path, repository: repository,
                                      maxBytes: source.maxFileBytes)
        let signature = try extractSignature(oid, repository: repository)
        return GitSnapshot(revision: GitRevision(name: name, commit: hex(oid)), summary: summary, files: files,
                           signature: signature)
    }

    static func hex(_ oid: git_oid) -> String {
        var id = oid
        return git_oid_tostr_s(&id).map { String(cString: $0) } ?? ""
    }

    /// The commit `reference` names in the cache, with the name for its revision string.
    static func resolve(_ reference: GitReference, in repository: Repository) throws(GitError)
        -> (String, git_oid)
    {
        switch reference {
        case .branch(let branch):
            var oid = git_oid()
            let code = git_reference_name_to_id(&oid, repository.pointer, "refs/remotes/origin/\(branch)")
            if code == GIT_ENOTFOUND.rawValue || code == GIT_EINVALIDSPEC.rawValue {
                throw GitError(.referenceNotFound, function: "git_reference_name_to_id",
                               "the remote has no branch '\(branch)'", hint: "check --ref")
            }
            try check(code, "git_reference_name_to_id")
            return (branch, oid)
        case .tag(let tag):
            return (tag, try peelToCommit("refs/tags/\(tag)", in: repository, missing: "the remote has no tag '\(tag)'"))
        case .commit(let id):
            return (id, try peelToCommit(id, in: repository, missing: "the remote has no commit \(id)"))
        case .semver(let range):
            let tags = try tagNames(repository)
            let versions = Dictionary(tags.compactMap { name in SemanticVersion(name).map { ($0, name) } },
                                      uniquingKeysWith: { first, _ in first })
            guard let best = range.best(of: versions.keys), let tag = versions[best] else {
                throw GitError(.referenceNotFound, "no tag matches the version range '\(range)'",
                               hint: "\(versions.count) version tag(s) in the remote")
            }
            return (tag, try peelToCommit("refs/tags/\(tag)", in: repository, missing: "tag \(tag) vanished"))
        }
    }

    private static func peelToCommit(_ spec: String, in repository: Repository, missing: String) throws(GitError)
        -> git_oid
    {
        var object: OpaquePointer?
        let code = git_revparse_single(&object, repository.pointer, "\(spec)^{commit}")
        defer { git_object_free(object) }
        if code == GIT_ENOTFOUND.rawValue || code == GIT_EAMBIGUOUS.rawValue || code == GIT_EINVALIDSPEC.rawValue {
            throw GitError(.referenceNotFound, function: "git_revparse_single", missing)
        }
        try check(code, "git_revparse_single")
        guard let object, let id = git_object_id(object) else {
            throw GitError(.library, function: "git_object_id", "no object id for \(spec)")
        }
        return id.pointee
    }

    private static func tagNames(_ repository: Repository) throws(GitError) -> [String] {
        var list = git_strarray()
        try check(git_tag_list(&list, repository.pointer), "git_tag_list")
        defer { git_strarray_dispose(&list) }
        return (0..<list.count).compactMap { list.strings[$0].map { String(cString: $0) } }
    }

    private static func extractSignature(_ oid: git_oid, repository: Repository) throws(GitError)
        -> GitCommitSignature?
    {
        var signature = git_buf(), data = git_buf(), id = oid
        defer { git_buf_dispose(&signature); git_buf_dispose(&data) }
        let code = git_commit_extract_signature(&signature, &data, repository.pointer, &id, nil)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try check(code, "git_commit_extract_signature")
        let text = signature.ptr.map { String(cString: $0) } ?? ""
        let bytes = data.ptr.map { Array(UnsafeRawBufferPointer(start: $0, count: data.size)) } ?? []
        return GitCommitSignature(signature: text, signedData: bytes)
    }
}

/// An owned libgit2 handle, freed exactly once when the Swift value goes away.
final class Handle {
    let pointer: OpaquePointer
    private let free: (OpaquePointer) -> Void

    /// Calls `create` to fill the out-pointer and takes ownership of the result.
    init(_ free: @escaping (OpaquePointer) -> Void,
         _ create: (inout OpaquePointer?) throws(GitError) -> Void) throws(GitError) {
        var out: OpaquePointer?
        do {
            try create(&out)
        } catch {
            if let out { free(out) }
            throw error
        }
        guard let out else { throw GitError(.library, "libgit2 returned no handle") }
        self.pointer = out
        self.free = free
    }

    deinit { free(pointer) }
}

/// A bare repository handle.
typealias Repository = Handle

extension Handle {
    /// Opens the bare cache at `path`, creating it the first time.
    static func openOrCreateBare(_ path: String) throws(GitError) -> Repository {
        try Handle(git_repository_free) { (out: inout OpaquePointer?) throws(GitError) in
            if FileManager.default.fileExists(atPath: path + "/HEAD") {
                try LibGit2.check(git_repository_open_bare(&out, path), "git_repository_open_bare")
            } else {
                try LibGit2.check(git_repository_init(&out, path, 1), "git_repository_init")
            }
        }
    }
}
