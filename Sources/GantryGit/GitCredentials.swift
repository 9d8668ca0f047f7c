/// How to authenticate to the remote.
public enum GitCredentials: Sendable, Hashable {
    /// No credentials (file://, git://, public https).
    case none
    /// HTTPS user name and password, or a token (sent as the password).
    case basic(username: String, password: String)
    /// SSH with a private key file; host keys are checked against `knownHosts`.
    case sshKey(username: String, privateKey: String, publicKey: String?, passphrase: String?, knownHosts: String)

    /// Credentials from the environment: `GANTRY_GIT_TOKEN` (with optional
    /// `GANTRY_GIT_USERNAME`, default `git`), or `GANTRY_GIT_USERNAME` + `GANTRY_GIT_PASSWORD`;
    /// for ssh URLs `GANTRY_GIT_SSH_KEY` (+ `GANTRY_GIT_SSH_PASSPHRASE`) and
    /// `GANTRY_GIT_KNOWN_HOSTS` (default `~/.ssh/known_hosts`).
    public static func fromEnvironment(_ environment: [String: String], url: String) -> GitCredentials {
        if url.hasPrefix("ssh://") || (url.contains("@") && url.contains(":") && !url.contains("://")),
           let key = environment["GANTRY_GIT_SSH_KEY"] {
            let home = environment["HOME"] ?? "/root"
            return .sshKey(username: environment["GANTRY_GIT_USERNAME"] ?? "git", privateKey: key, publicKey: nil,
                           passphrase: environment["GANTRY_GIT_SSH_PASSPHRASE"],
                           knownHosts: environment["GANTRY_GIT_KNOWN_HOSTS"] ?? "\(home)/.ssh/known_hosts")
        }
        if let token = environment["GANTRY_GIT_TOKEN"] {
            return .basic(username: environment["GANTRY_GIT_USERNAME"] ?? "git", password: token)
        }
        if let user = environment["GANTRY_GIT_USERNAME"], let password = environment["GANTRY_GIT_PASSWORD"] {
            return .basic(username: user, password: password)
        }
        return .none
    }
}
