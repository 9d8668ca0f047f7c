import GantryState

/// The local backend as a team store, so the `state` commands treat every backend alike.
extension LocalStateStore: TeamStateStore {
    public nonisolated var backendDescription: String { statePath }

    public func currentHolder() async throws -> LockInfo? { await lockHolder() }

    /// The kept backups and the current state; local files record no writer.
    public func history() async throws -> [StateRevision] {
        var revisions: [StateRevision] = []
        let current = try await loadReport().document
        for serial in try await backupSerials() {
            revisions.append(StateRevision(serial: serial, lineage: current?.lineage ?? "", writtenAt: nil, writtenBy: ""))
        }
        if let current {
            revisions.append(StateRevision(serial: current.serial, lineage: current.lineage, writtenAt: nil, writtenBy: ""))
        }
        return revisions
    }

    /// Writes `document` as the next serial. The local backend keeps one lineage per
    /// directory: a document of another lineage is refused (`.lineageMismatch`).
    public func replace(_ document: StateDocument) async throws {
        var next = document
        if let current = try await loadReport().document { next.serial = max(document.serial, current.serial + 1) }
        try await commit(next)
    }
}
