import GantryBasics
import GantryEngine

/// Renders the engine's events as progress: translates `EngineEvent`s into the
/// `ProgressDisplay`'s vocabulary (started / finished / counts / notes).
struct ProgressObserver: EngineObserver {
    let display: ProgressDisplay

    init(display: ProgressDisplay) { self.display = display }

    /// A display on stderr: redrawn in place on a terminal, plain lines otherwise.
    init(context: CommandContext, verb: String) {
        display = ProgressDisplay(output: context.errorOutput, mode: context.errorIsTerminal ? .terminal : .plain,
                                  verb: verb)
    }

    func handle(_ event: EngineEvent) {
        switch event {
        case .operationStarted(let operation, let resources) where operation != .plan:
            display.begin(total: resources)
        case .willStart(let address, let action):
            display.started(address.rawValue, doing: Self.activity(action))
        case .didFinish(let address, let action, let outcome):
            switch outcome {
            case .succeeded:
                display.finished(address.rawValue, summary: Self.done(action), failed: false)
            case .failed(let error):
                display.finished(address.rawValue, summary: "failed: \(error)", failed: true)
            case .skipped(let cause):
                display.note("\(address): skipped because \(cause) failed")
            case .notStarted:
                break
            }
        case .throttled(let provider, let addresses, let attempt, let newLimit, let delay):
            display.note("\(Self.list(addresses)): \(provider) is throttling (attempt \(attempt)); "
                         + "concurrency now \(newLimit), retrying in \(Self.seconds(delay))")
        case .retrying(let provider, let method, let attempt, let delay, let error):
            display.note("\(provider) \(method): \(error.code.rawValue) (attempt \(attempt)); retrying in \(Self.seconds(delay))")
        case .adopted(let address, let id):
            display.note("\(address): found \(id) created by an interrupted run; adopted it")
        case .rollout(let address, let message):
            display.note("\(address): \(message)")
        case .progress(let progress):
            display.update(done: progress.done, failed: progress.failed, total: progress.total)
        default:
            break
        }
    }

    static func activity(_ action: ChangeAction) -> String {
        switch action {
        case .create: "creating"
        case .update: "updating"
        case .delete: "destroying"
        case .deleteThenCreate, .createThenDelete: "replacing"
        case .noOp: "checking"
        }
    }

    static func done(_ action: ChangeAction) -> String {
        switch action {
        case .create: "created"
        case .update: "updated"
        case .delete: "destroyed"
        case .deleteThenCreate, .createThenDelete: "replaced"
        case .noOp: "unchanged"
        }
    }

    /// `a`, `a, b`, or `a, b and 3 more`.
    static func list(_ addresses: [ResourceAddress]) -> String {
        let shown = addresses.prefix(2).map(\.rawValue).joined(separator: ", ")
        return addresses.count > 2 ? "\(shown) and \(addresses.count - 2) more" : shown
    }

    static func seconds(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)s"
    }
}
