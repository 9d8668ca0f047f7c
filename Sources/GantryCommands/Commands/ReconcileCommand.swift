import Foundation
import GantryGit
import GantryReconcile

/// `gantry reconcile --repo URL`: keep the cloud equal to what is committed (GitOps).
struct ReconcileCommand: GantryCommand {
    static let repository = Option<String>("repo", valueName: "url", help: "The git remote: file://, git://, https:// or ssh://.")
    static let reference = Option<String>(
        "ref", valueName: "ref", default: "main",
        help: "What to follow: a branch (main), tag:v1.2.0, semver:'>=1.0.0 <2.0.0' or commit:<sha>.")
    static let path = Option<String>("path", valueName: "dir", default: ".", help: "The spec directory inside the repository.")
    static let stateDirectory = Option<String>(
        "state-dir", short: "C", valueName: "dir", default: ".",
        help: "The directory whose .gantry/ holds the state, the git cache and the suspend flag.")
    static let mode = Option<ReconcileMode>("mode", valueName: "mode", default: "apply", help: "apply, plan-only or drift-only.")
    static let interval = Option<ReconcileDuration>("interval", valueName: "duration", default: "5m",
                                                    help: "Time between runs (drift is checked at each).")
    static let jitter = Option<Double>("jitter", valueName: "fraction", default: "0.1",
                                       help: "Randomise the interval by ± this fraction.")
    static let retryInterval = Option<ReconcileDuration>(
        "retry-interval", valueName: "duration", default: "30s",
        help: "First wait after a failed run; doubles per failure up to --max-retry-interval.")
    static let maxRetryInterval = Option<ReconcileDuration>("max-retry-interval", valueName: "duration", default: "15m",
                                                            help: "Longest wait between retries.")
    static let timeout = Option<ReconcileDuration>("timeout", valueName: "duration", default: "2m",
                                                   help: "Hard deadline for each run's git operations; apply stops starting work after it.")
    static let once = Flag("once", help: "Run once and exit (0 on success, 1 on failure): for cron.")
    static let prune = Flag("prune", help: "Delete resources that left the spec (otherwise they are kept).")
    static let allowDeleteAll = Flag("allow-delete-all", help: "Allow a plan that deletes every resource in the state.")
    static let listen = Option<String>("listen", valueName: "host:port",
                                       help: "Serve /healthz, /readyz, /status, /metrics and the webhook here (e.g. 127.0.0.1:9090).")
    static let webhookSecretEnv = Option<String>(
        "webhook-secret-env", valueName: "name",
        help: "Environment variable holding the webhook secret; enables POST --webhook-path.")
    static let webhookPath = Option<String>("webhook-path", valueName: "path", default: "/hook", help: "The webhook's URL path.")
    static let allowedSigners = Option<String>(
        "verify-signatures", valueName: "allowed-signers",
        help: "Apply only commits with an SSH signature by a key in this allowed-signers file.")
    static let gpgKeyring = Option<String>(
        "gpg-keyring", valueName: "keyring",
        help: "Apply only commits with an OpenPGP signature by a key in this keyring (gpg --export output).")
    static let logFormat = Option<ReconcileLog.Format>("log-format", valueName: "format", default: "text", help: "text or json.")

    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "reconcile",
            abstract: "Keep the cloud equal to a spec in a git repository (GitOps).",
            discussion: """
                Fetches the repository with libgit2 into DIR/.gantry/git-cache, resolves --ref, reads
                the spec straight from the commit (no checkout), plans with a refresh and — in apply
                mode — applies. Then waits --interval and starts again, so drift is corrected even
                without a new commit; after a failure it retries the newest revision with
                exponential backoff. Deletes need --prune. Only the holder of the state lock
                applies, so several replicas are safe. Suspend with `gantry reconcile suspend`.
                Credentials come from GANTRY_GIT_TOKEN / GANTRY_GIT_USERNAME / GANTRY_GIT_PASSWORD
                (https) or GANTRY_GIT_SSH_KEY / GANTRY_GIT_KNOWN_HOSTS (ssh); GIT_SSL_CAINFO (or
                SSL_CERT_FILE) names the certificate authorities https trusts instead of the system's.

                EXAMPLES:
                  gantry reconcile --repo https://git.example.com/infra.git --path prod -C /var/lib/gantry
                  gantry reconcile --repo file:///srv/infra.git --once --mode drift-only
                  gantry reconcile --repo git://127.0.0.1/infra --interval 1m --listen 127.0.0.1:9090
                """,
            arguments: [repository.definition, reference.definition, path.definition, stateDirectory.definition,
                        mode.definition, interval.definition, jitter.definition, retryInterval.definition,
                        maxRetryInterval.definition, timeout.definition, once.definition, prune.definition,
                        allowDeleteAll.definition, listen.definition, webhookSecretEnv.definition,
                        webhookPath.definition, allowedSigners.definition, gpgKeyring.definition, logFormat.definition,
                        SpecArguments.variables.definition],
            subcommands: [ReconcileSuspendCommand.self, ReconcileResumeCommand.self])
    }

    var repository: String?
    var reference: String
    var path: String
    var stateDirectory: String
    var mode: ReconcileMode
    var timing: ReconcileSchedule.Timing
    var timeout: Duration
    var policy: ReconcilePolicy
    var listen: String?
    var webhookSecretEnv: String?
    var webhookPath: String
    var allowedSigners: String?
    var gpgKeyring: String?
    var logFormat: ReconcileLog.Format
    var variables: [String]

    init(arguments: ParsedArguments) throws {
        repository = try arguments.value(Self.repository)
        reference = try arguments.value(Self.reference) ?? "main"
        path = try arguments.value(Self.path) ?? "."
        stateDirectory = try arguments.value(Self.stateDirectory) ?? "."
        mode = try arguments.value(Self.mode) ?? .apply
        timing = ReconcileSchedule.Timing(
            interval: try arguments.value(Self.interval)?.duration ?? .seconds(300),
            jitter: try arguments.value(Self.jitter) ?? 0.1,
            retryInterval: try arguments.value(Self.retryInterval)?.duration ?? .seconds(30),
            maxRetryInterval: try arguments.value(Self.maxRetryInterval)?.duration ?? .seconds(900),
            once: try arguments.flag(Self.once))
        timeout = try arguments.value(Self.timeout)?.duration ?? .seconds(120)
        policy = ReconcilePolicy(prune: try arguments.flag(Self.prune), allowDeleteAll: try arguments.flag(Self.allowDeleteAll))
        listen = try arguments.value(Self.listen)
        webhookSecretEnv = try arguments.value(Self.webhookSecretEnv)
        webhookPath = try arguments.value(Self.webhookPath) ?? "/hook"
        allowedSigners = try arguments.value(Self.allowedSigners)
        gpgKeyring = try arguments.value(Self.gpgKeyring)
        logFormat = try arguments.value(Self.logFormat) ?? .text
        variables = try arguments.values(SpecArguments.variables)
    }

    func validate() throws {
        if repository == nil { throw UsageError("--repo is required: the git remote to reconcile from.") }
        if !(0...1).contains(timing.jitter) { throw UsageError("--jitter must be between 0 and 1, got \(timing.jitter).") }
        if timing.interval <= .zero || timing.retryInterval <= .zero || timeout <= .zero {
            throw UsageError("--interval, --retry-interval and --timeout must be positive.")
        }
        if !webhookPath.hasPrefix("/") { throw UsageError("--webhook-path must start with '/', got '\(webhookPath)'.") }
    }

    func run(in context: CommandContext) async throws -> ExitCode {
        let directory = context.resolve(stateDirectory)
        let url = repository ?? ""
        // git's own variable first, then OpenSSL's: both name a PEM file of trusted authorities.
        if let authorities = context.environment["GIT_SSL_CAINFO"] ?? context.environment["SSL_CERT_FILE"],
           !authorities.isEmpty {
            try GitSource.trustCertificateAuthorities(inFile: context.resolve(authorities))
        }
        let source = GitSource(url: url, reference: try GitReference.parse(reference), path: path,
                               cacheDirectory: directory + "/.gantry/git-cache/" + ReconcileSetup.cacheName(for: url),
                               credentials: .fromEnvironment(context.environment, url: url))
        let output = context.errorOutput
        let log = ReconcileLog(format: logFormat) { output.write($0) }
        let runner = EngineReconcileRunner(stateDirectory: directory,
                                           variables: try SpecArguments.parseVariables(variables),
                                           environment: context.environment)
        let reconciler = Reconciler(
            configuration: ReconcileConfiguration(
                source: source, mode: mode, policy: policy, timing: timing, timeout: timeout,
                stateDirectory: directory,
                signatureVerifier: signatureVerifier(in: context)),
            runner: runner, log: log)
        let server = try listen.map { address in
            try StatusServer(listen: address, routes: StatusServer.Routes(
                board: reconciler.board, wakeup: reconciler.wakeup,
                webhook: try ReconcileSetup.webhookVerifier(env: webhookSecretEnv, in: context),
                webhookPath: webhookPath, log: log))
        }
        defer { server?.stop() }
        log.info("reconciling", ["repo": url, "ref": reference, "path": path, "mode": mode.rawValue,
                                 "listen": server.map { "port \($0.port)" } ?? "off",
                                 "libgit2": GitSource.capabilities.version])
        let last = await reconciler.run()
        return last.map { $0.isFailure ? .failure : .success } ?? .failure
    }

    /// Set when either trust source is given: then every commit must carry a good signature.
    private func signatureVerifier(in context: CommandContext) -> SignatureVerifier? {
        guard allowedSigners != nil || gpgKeyring != nil else { return nil }
        return SignatureVerifier(allowedSigners: allowedSigners.map(context.resolve),
                                 gpgKeyring: gpgKeyring.map(context.resolve))
    }
}
