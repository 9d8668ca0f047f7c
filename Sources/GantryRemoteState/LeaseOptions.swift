/// How long a remote lock lasts without a heartbeat, and how often it is renewed.
///
/// A holder renews its lease every `heartbeat` seconds. When it dies (killed, machine
/// lost) the renewals stop; once `lease` seconds pass the next writer takes the lock over,
/// with a warning naming the dead holder. Keep `heartbeat` well under `lease`.
public struct LeaseOptions: Sendable, Hashable {
    /// The default lease: five minutes, as in the spec's `lock: { lease: 5m }`.
    public static let defaultLease = 300.0

    public var lease: Double
    public var heartbeat: Double

    /// - Parameters:
    ///   - lease: seconds a lock stays valid after its last renewal (at least 1).
    ///   - heartbeat: seconds between renewals; a third of the lease when nil.
    public init(lease: Double = LeaseOptions.defaultLease, heartbeat: Double? = nil) {
        self.lease = max(1, lease)
        self.heartbeat = max(0.2, min(heartbeat ?? self.lease / 3, self.lease / 2))
    }

    /// A task that calls `beat` every `heartbeat` seconds until it is cancelled or `beat`
    /// answers false (its store is gone) — the renewal loop every remote lock runs.
    func heartbeatTask(_ beat: @escaping @Sendable () async -> Bool) -> Task<Void, Never> {
        let interval = Duration.milliseconds(Int64(heartbeat * 1000))
        return Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard !Task.isCancelled, await beat() else { return }
            }
        }
    }
}
