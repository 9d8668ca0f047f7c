import GantryBasics
import GantryProviderKit
import GantryState

/// Runs an apply: starts each operation the moment its dependencies finish, batches
/// ready operations of one type into one provider call, and keeps per-provider
/// concurrency adaptive.
///
/// The walk is a state machine driven from one task: child tasks make the provider calls
/// (and journal their results), and hand outcomes back; only this task mutates the walk's
/// state, so there is no locking. A concurrency slot is taken when a call starts and
/// released when it returns — never held while waiting for dependencies or a backoff.
struct ApplyWalker {
    let plan: Plan
    let graph: OperationGraph
    let providers: [String: any Provider]
    let store: any StateStore
    let options: ApplyOptions
    let tracer: Tracer
    /// Attributes of every recorded resource, for resolving references to resources
    /// this apply does not touch.
    let recorded: [ResourceAddress: [String: Value]]

    /// What the walk did, for the engine to commit and report.
    struct Result {
        /// New records (created or updated resources) by address.
        var puts: [ResourceAddress: ResourceState] = [:]
        /// Resources deleted from the cloud.
        var removals: Set<ResourceAddress> = []
        /// Creates whose outcome is unknown (timed out, not found by tag): adopted next time.
        var unresolvedCreates: [PendingCreate] = []
        var outcomes: [ApplyReport.Outcome] = []
        var concurrency: [String: ApplyReport.Concurrency] = [:]
        var interrupted = false
        /// Problems that did not stop the apply (a journal write that failed).
        var warnings: [String] = []
    }

    enum Status { case waiting, queued, running, done, failed, skipped, notStarted }

    /// Ready operations are queued per provider, kind and type, so a batch is one pop.
    struct QueueKey: Hashable, Comparable {
        var provider: String
        var kind: String
        var type: String
        static func < (a: QueueKey, b: QueueKey) -> Bool {
            (a.provider, a.kind, a.type) < (b.provider, b.kind, b.type)
        }
    }

    /// What a child task hands back to the driver.
    enum Message: Sendable {
        case finished(CallBatch, [OperationResult], records: [JournalEntry], warnings: [String])
        case journaled(warning: String?)
        case retryDue([Int])
        case failover(operation: Int, attributes: [String: Value]?, error: ProviderError)
    }

    func run() async -> Result {
        var walk = WalkState(walker: self)
        await withTaskGroup(of: Message.self) { group in
            walk.launch(into: &group)
            while walk.pending > 0, let message = await group.next() {
                walk.pending -= 1
                walk.handle(message, group: &group)
                walk.launch(into: &group)
            }
        }
        return walk.finish()
    }
}

/// Everything about a resource needed to record it once a call succeeds.
struct RecordTemplate: Sendable {
    var address: ResourceAddress
    var type: String
    var provider: String
    var dependencies: [ResourceAddress]
    var origin: ResourceAddress?
    var sensitive: Set<String>
    /// Whether a successful delete removes the record (not for the old half of a
    /// create-before-destroy replacement, whose new record is already in place).
    var deleteRemovesRecord: Bool

    func record(_ snapshot: ResourceSnapshot) -> ResourceState {
        let attributes = Secrets.redacted(snapshot.attributes, sensitive: sensitive)
        return ResourceState(address: address, type: type, provider: provider, id: snapshot.id,
                             attributes: attributes, dependencies: dependencies,
                             sensitivePaths: Secrets.paths(sensitive, in: attributes), origin: origin)
    }
}

/// One provider call: several operations of one kind and type.
struct CallBatch: Sendable {
    enum Requests: Sendable {
        case create([CreateRequest])
        case update([UpdateRequest])
        case delete([DeleteRequest])
    }

    var provider: String
    var type: String
    var operations: [Int]
    var templates: [RecordTemplate]
    var requests: Requests
    var attempt: Int
    var epoch: Int
    var limit: Int
    /// Whether the call took a concurrency slot (a rollout does not: it mostly waits).
    var holdsSlot = true

    var method: String {
        switch requests {
        case .create: "create"
        case .update: "update"
        case .delete: "delete"
        }
    }
}
