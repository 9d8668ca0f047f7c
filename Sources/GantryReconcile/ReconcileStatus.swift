/// Everything `/status` and `/metrics` show, as one value (a snapshot of `StatusBoard`).
public struct ReconcileStatus: Sendable {
    /// A kstatus-style condition. `Reconciling` and `Stalled` appear only while true.
    public struct Condition: Sendable, Hashable {
        public var type: String
        public var status: Bool?
        public var reason: ConditionReason
        public var message: String
    }

    /// One finished run, for the history.
    public struct RunRecord: Sendable, Hashable {
        public var revision: String?
        public var result: String
        public var startedAt: Double
        public var durationSeconds: Double
        public var add: Int, change: Int, destroy: Int
        public var drifted: Int
        public var message: String?
    }

    public var url: String
    public var reference: String
    public var mode: ReconcileMode
    public var suspended = false
    public var standby = false
    public var running = false
    public var consecutiveFailures = 0
    public var lastFetchedRevision: String?
    public var lastAttemptedRevision: String?
    public var lastAppliedRevision: String?
    public var lastError: String?
    public var lastErrorReason: ConditionReason?
    public var driftedResources: [String] = []
    /// Newest first, at most `historyLimit`.
    public var history: [RunRecord] = []
    public var totals: [String: Int] = [:]
    public var fetchFailures = 0
    public var durations = Histogram(bounds: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300])
    public var abandonedGitOperations = 0

    public static let historyLimit = 10

    public init(url: String, reference: String, mode: ReconcileMode) {
        self.url = url
        self.reference = reference
        self.mode = mode
    }

    /// Ready when the last run succeeded; a never-run service is Unknown.
    public var isReady: Bool { lastError == nil && !history.isEmpty && !standby }

    public var conditions: [Condition] {
        var list: [Condition] = []
        if suspended {
            list.append(Condition(type: "Ready", status: false, reason: .suspended,
                                  message: "reconciliation is suspended; `gantry reconcile resume` restarts it"))
        } else if let lastError, let reason = lastErrorReason {
            list.append(Condition(type: "Ready", status: false, reason: reason, message: lastError))
        } else if standby {
            list.append(Condition(type: "Ready", status: false, reason: .standby,
                                  message: "another replica holds the state lock and applies; standing by"))
        } else if let last = history.first {
            list.append(Condition(type: "Ready", status: true, reason: .succeeded,
                                  message: "applied revision \(lastAppliedRevision ?? last.revision ?? "?")"))
        } else {
            list.append(Condition(type: "Ready", status: nil, reason: .progressing, message: "first run pending"))
        }
        if running || (consecutiveFailures > 0 && !suspended) {
            list.append(Condition(type: "Reconciling", status: true,
                                  reason: consecutiveFailures > 0 ? .progressingWithRetry : .progressing,
                                  message: running ? "run in progress" : "retrying after \(consecutiveFailures) failure(s)"))
        }
        if let reason = lastErrorReason, reason.isStalling, lastError != nil, !suspended {
            list.append(Condition(type: "Stalled", status: true, reason: reason,
                                  message: "\(lastAttemptedRevision ?? "?") cannot be applied without a new commit: "
                                      + (lastError ?? "")))
        }
        return list
    }
}

/// The fixed reason values of the conditions (stable API for alerts).
public enum ConditionReason: String, Sendable, Hashable {
    case succeeded = "ReconciliationSucceeded"
    case progressing = "Progressing"
    case progressingWithRetry = "ProgressingWithRetry"
    case suspended = "Suspended"
    case standby = "Standby"
    case buildFailed = "BuildFailed"
    case pruneRefused = "PruneRefused"
    case applyFailed = "ReconciliationFailed"
    case fetchFailed = "GitOperationFailed"
    case fetchTimeout = "GitOperationTimeout"
    case authenticationFailed = "AuthenticationFailed"
    case verificationFailed = "VerificationFailed"
    /// The plan would replace a resource of an item marked `protect: true`.
    case deleteProtected = "DeleteProtected"

    /// Reasons that need a new commit or a person, not a retry of the same input.
    public var isStalling: Bool {
        self == .buildFailed || self == .pruneRefused || self == .verificationFailed || self == .deleteProtected
    }
}

/// A Prometheus histogram (cumulative buckets rendered at scrape time).
public struct Histogram: Sendable, Hashable {
    public let bounds: [Double]
    public private(set) var counts: [Int]
    public private(set) var sum = 0.0
    public private(set) var count = 0

    public init(bounds: [Double]) {
        self.bounds = bounds
        counts = Array(repeating: 0, count: bounds.count)
    }

    public mutating func observe(_ value: Double) {
        if let index = bounds.firstIndex(where: { value <= $0 }) { counts[index] += 1 }
        sum += value
        count += 1
    }
}
