import CGit2
import Foundation

extension LibGit2 {
    /// Fetches every branch (into `refs/remotes/origin/*`) and tag of `source.url` into the
    /// bare cache, pruning refs the remote deleted.
    static func fetch(_ source: GitSource, into repository: Repository, deadline: GitDeadline) throws(GitError) {
        if source.url.hasPrefix("ssh://") || !source.url.contains("://"), !capabilities.ssh {
            throw GitError(.invalidSource, "this build's libgit2 \(capabilities.version) has no SSH transport",
                           hint: "use an https:// URL with GANTRY_GIT_TOKEN")
        }
        let remote = try Handle(git_remote_free) { (out: inout OpaquePointer?) throws(GitError) in
            var options = git_remote_create_options()
            try check(git_remote_create_options_init(&options, UInt32(GIT_REMOTE_CREATE_OPTIONS_VERSION)),
                      "git_remote_create_options_init")
            options.repository = repository.pointer
            // No `url.*.insteadOf` rewriting: the URL is used as given. Besides, libgit2 1.5.1
            // leaks the pcre2 match data (~20 KB) for every config entry its insteadOf glob does
            // not match (git_regexp_match frees it only on a match) — 40-50 KB per fetch, which a
            // reconcile loop fetching every interval must not pay (git_remote_create_anonymous
            // always rewrites).
            options.flags = GIT_REMOTE_CREATE_SKIP_INSTEADOF.rawValue
            try check(git_remote_create_with_opts(&out, source.url, &options), "git_remote_create_with_opts",
                      kind: .invalidSource)
        }
        let context = FetchContext(deadline: deadline, credentials: source.credentials,
                                   port: URLComponents(string: source.url)?.port)
        var options = git_fetch_options()
        try check(git_fetch_options_init(&options, UInt32(GIT_FETCH_OPTIONS_VERSION)), "git_fetch_options_init")
        options.prune = GIT_FETCH_PRUNE
        options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_ALL
        options.callbacks.payload = Unmanaged.passUnretained(context).toOpaque()
        options.callbacks.transfer_progress = { _, payload in FetchContext.from(payload)?.checkDeadline() ?? 0 }
        options.callbacks.sideband_progress = { _, _, payload in FetchContext.from(payload)?.checkDeadline() ?? 0 }
        options.callbacks.credentials = { out, _, userFromURL, allowed, payload in
            guard let context = FetchContext.from(payload), let out else { return -1 }
            return context.credential(out, userFromURL: userFromURL.map { String(cString: $0) }, allowed: allowed)
        }
        options.callbacks.certificate_check = { cert, valid, host, payload in
            guard let context = FetchContext.from(payload) else { return -1 }
            return context.checkCertificate(cert, valid: valid != 0, host: host.map { String(cString: $0) } ?? "")
        }
        let refspecs = ["+refs/heads/*:refs/remotes/origin/*", "+refs/tags/*:refs/tags/*"]
        let cStrings = refspecs.map { strdup($0) }
        defer { cStrings.forEach { free($0) } }
        var pointers = cStrings
        let code = pointers.withUnsafeMutableBufferPointer { buffer in
            var array = git_strarray(strings: buffer.baseAddress, count: buffer.count)
            return withExtendedLifetime(context) {
                git_remote_fetch(remote.pointer, &array, &options, "gantry reconcile fetch")
            }
        }
        if code < 0 {
            if deadline.hasPassed {
                throw GitError(.timeout, function: "git_remote_fetch", "the fetch of \(source.url) passed its deadline")
            }
            if let problem = context.problem { throw problem }
            throw error(code, "git_remote_fetch")
        }
    }
}

/// What the C callbacks of one fetch need; handed to libgit2 as an unretained payload
/// that outlives the `git_remote_fetch` call.
private final class FetchContext {
    let deadline: GitDeadline
    let credentials: GitCredentials
    /// The URL's port, which names the host in known_hosts (`[host]:port`) when it is not 22.
    let port: Int?
    var credentialAttempts = 0
    /// A failure a callback found, reported instead of libgit2's generic "callback error".
    var problem: GitError?

    init(deadline: GitDeadline, credentials: GitCredentials, port: Int?) {
        self.deadline = deadline
        self.credentials = credentials
        self.port = port
    }

    static func from(_ payload: UnsafeMutableRawPointer?) -> FetchContext? {
        payload.map { Unmanaged<FetchContext>.fromOpaque($0).takeUnretainedValue() }
    }

    func checkDeadline() -> Int32 {
        guard deadline.hasPassed else { return 0 }
        git_error_set_str(Int32(GIT_ERROR_NET.rawValue), "deadline passed")
        return GIT_EUSER.rawValue
    }

    func credential(_ out: UnsafeMutablePointer<UnsafeMutablePointer<git_credential>?>, userFromURL: String?, allowed: UInt32) -> Int32 {
        if deadline.hasPassed { return checkDeadline() }
        credentialAttempts += 1
        // libgit2 asks again after a rejection; a second ask means the server refused these.
        if credentialAttempts > 1 {
            problem = GitError(.authentication, "the server rejected the credentials",
                               hint: "check GANTRY_GIT_TOKEN / GANTRY_GIT_USERNAME / GANTRY_GIT_SSH_KEY")
            return GIT_EAUTH.rawValue
        }
        switch credentials {
        case .basic(let username, let password)
            where allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT.rawValue != 0:
            return git_credential_userpass_plaintext_new(out, username, password)
        case .sshKey(let username, let privateKey, let publicKey, let passphrase, _)
            where allowed & GIT_CREDENTIAL_SSH_KEY.rawValue != 0:
            return git_credential_ssh_key_new(out, userFromURL ?? username, publicKey, privateKey, passphrase)
        default:
            problem = GitError(.authentication, "the server asked for credentials and none are configured",
                               hint: "set GANTRY_GIT_TOKEN (https) or GANTRY_GIT_SSH_KEY (ssh)")
            return GIT_EAUTH.rawValue
        }
    }

    func checkCertificate(_ cert: UnsafeMutablePointer<git_cert>?, valid: Bool, host: String) -> Int32 {
        if deadline.hasPassed { return checkDeadline() }
        guard let cert, cert.pointee.cert_type == GIT_CERT_HOSTKEY_LIBSSH2 else {
            // TLS: libgit2 already verified the chain against the system store.
            if valid { return 0 }
            problem = GitError(.authentication, "the TLS certificate of \(host) does not verify")
            return -1
        }
        guard case .sshKey(_, _, _, _, let knownHosts) = credentials else {
            problem = GitError(.authentication, "no known_hosts file to check the SSH host key of \(host)")
            return -1
        }
        let hostkey = UnsafeRawPointer(cert).assumingMemoryBound(to: git_cert_hostkey.self).pointee
        guard hostkey.type.rawValue & GIT_CERT_SSH_RAW.rawValue != 0, let raw = hostkey.hostkey else {
            problem = GitError(.authentication, "libgit2 gave no raw host key for \(host)")
            return -1
        }
        let key = Data(bytes: raw, count: hostkey.hostkey_len).base64EncodedString()
        switch KnownHosts.check(host: host, port: port, keyBase64: key, file: knownHosts) {
        case .trusted: return 0
        case .failed(let reason):
            let scan = port.map { "ssh-keyscan -p \($0) \(host)" } ?? "ssh-keyscan \(host)"
            problem = GitError(.authentication, reason, hint: "after checking the key out of band: \(scan) >> \(knownHosts)")
            return -1
        }
    }
}
