/// What `gantry refresh` found and recorded.
public struct RefreshReport: Sendable {
    /// Changes made outside Gantry, sorted by address; deleted resources were dropped from state.
    public var drift: [DriftEntry]
    /// Resources read.
    public var resourcesRead: Int
    /// The serial of the state after refresh (unchanged when nothing drifted).
    public var stateSerial: Int

    public init(drift: [DriftEntry], resourcesRead: Int, stateSerial: Int) {
        self.drift = drift
        self.resourcesRead = resourcesRead
        self.stateSerial = stateSerial
    }
}
