import GantryRemoteState
import GantrySpec
import GantryState

/// Which state backend a command uses: `--state-url` (or `GANTRY_STATE_URL`) first, then
/// the spec's `state:` section, then the local files in `DIR/.gantry/`.
struct StateBackendSelection: Sendable {
    /// `--state-url`: every command that reads or writes state takes it (plan, apply,
    /// destroy, refresh, import, cost, policy and the `state` commands).
    static let urlOption = Option<String>(
        "state-url", valueName: "url",
        help: "Use this state backend instead of the spec's state section: postgres://…, s3://BUCKET/KEY or a directory.")

    let backend: StateBackend
    let lease: LeaseOptions
    /// The spec directory: local state and emergency copies live in its `.gantry/`.
    let workspace: String

    /// - Parameters:
    ///   - override: a `--state-url`; `GANTRY_STATE_URL` from the environment when nil.
    ///   - settings: the spec's `state:` section, if it has one.
    ///   - project: names the state in a shared database when the settings do not.
    init(override: String?, settings: StateSettings?, project: String, workspace: String,
         in context: CommandContext) throws {
        self.workspace = workspace
        lease = LeaseOptions(lease: settings?.lease.map { Double($0.seconds) } ?? LeaseOptions.defaultLease)
        if let url = override ?? context.environment["GANTRY_STATE_URL"].flatMap({ $0.isEmpty ? nil : $0 }) {
            let parsed = try StateBackend.parse(url: url, defaultName: project)
            if case .local(let directory) = parsed {
                backend = .local(directory: context.resolve(directory))
            } else {
                backend = parsed
            }
            return
        }
        switch settings?.backend {
        case .s3(let bucket, let key, let region, let endpoint)?:
            backend = .s3(bucket: bucket, key: key, region: region, endpoint: endpoint)
        case .postgres(let url, let name)?:
            backend = .postgres(PostgresLocation(url: url, name: name ?? project))
        case .local?, nil:
            backend = .local(directory: workspace)
        }
    }

    /// Opens the store; warnings (a lock taken over from a dead holder) go to stderr.
    func store(in context: CommandContext) -> any TeamStateStore {
        let errors = context.errorOutput
        return backend.makeStore(workspace: workspace, lease: lease, warn: { errors.line("warning: \($0)") })
    }
}
