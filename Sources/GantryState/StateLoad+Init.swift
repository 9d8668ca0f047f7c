import GantryBasics

extension StateLoad {
    /// A load result built by another backend (the remote ones in GantryRemoteState).
    public static func loaded(_ document: StateDocument?, replayedEntries: Int, warnings: [Diagnostic]) -> StateLoad {
        StateLoad(document: document, replayedEntries: replayedEntries, warnings: warnings)
    }
}
