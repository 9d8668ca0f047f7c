import GantryBasics
import GantryEngine

/// Runs an approved plan through the engine with progress, Ctrl-C handling and a
/// summary — the part `apply` and `destroy` share.
struct ApplyRunner {
    /// `--parallelism`, shared by apply and destroy.
    static let parallelismOption = Option<Int>(
        "parallelism", valueName: "n", default: "32",
        help: "At most n provider calls in flight per provider (the limit adapts down when throttled).")

    let engine: Engine
    let progress: ProgressObserver
    let context: CommandContext
    var parallelism: Int = 32

    /// Applies `plan`; exits 0 when every change succeeded, 1 otherwise (failed, or
    /// stopped by Ctrl-C after recording what finished).
    func run(_ plan: Plan) async throws -> ExitCode {
        let cancellation = CancellationSignal()
        let display = progress.display
        let interrupts = InterruptHandler(
            errorOutput: context.errorOutput,
            onFirst: { cancellation.cancel() },
            onSecond: { Self.leftBehind(display.inFlightAddresses) })
        if context.handlesInterrupts { interrupts.install() }
        defer { if context.handlesInterrupts { interrupts.uninstall() } }

        // On a terminal the elapsed time keeps moving even while a slow call is in flight.
        let ticker = context.errorIsTerminal ? Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                display.tick()
            }
        } : nil
        defer { ticker?.cancel() }

        let options = ApplyOptions(maxConcurrency: parallelism, cancellation: cancellation)
        let report = try await engine.apply(plan, options: options)
        ticker?.cancel()
        display.end()
        let problems = Self.problems(report)
        if !problems.isEmpty { context.errorOutput.write(problems + "\n") }
        context.output.write(Self.placements(report))
        context.output.write(Self.summary(report))
        return report.status == .succeeded ? .success : .failure
    }

    /// One line per failed or skipped resource, per warning, and per provider that
    /// throttled (how concurrency adapted), for stderr.
    static func problems(_ report: ApplyReport) -> String {
        var out = ""
        for outcome in report.failed {
            if case .failed(let error) = outcome.result {
                out += "error: \(outcome.address): \(ProgressObserver.activity(outcome.action)) failed: \(error)\n"
            }
        }
        for outcome in report.skipped {
            if case .skipped(let cause) = outcome.result {
                out += "skipped: \(outcome.address) (depends on \(cause), which failed)\n"
            }
        }
        for warning in report.warnings { out += "warning: \(warning)\n" }
        for (provider, concurrency) in report.concurrency.sorted(by: { $0.key < $1.key })
        where concurrency.throttledCalls > 0 {
            out += "note: \(provider) throttled \(concurrency.throttledCalls) of \(concurrency.calls) calls; "
                + "concurrency backed off from \(concurrency.maximum) to \(concurrency.lowest) "
                + "and ended at \(concurrency.final)\n"
        }
        return out
    }

    /// One line per node pool created: where it landed and, after a capacity failover,
    /// which offers were short first (the engine fails over through the pool's offers).
    static func placements(_ report: ApplyReport) -> String {
        report.placements.filter { $0.offer != nil }.map { $0.sentence + "\n" }.joined()
    }

    /// The summary line, and what to do after an interruption.
    static func summary(_ report: ApplyReport) -> String {
        var out = report.summaryLine + "\n"
        if report.status == .interrupted {
            out += "Everything that finished is recorded in the state; run apply again to continue.\n"
        }
        return out
    }

    /// What the second Ctrl-C leaves behind.
    static func leftBehind(_ inFlight: [String]) -> String {
        guard !inFlight.isEmpty else {
            return "No call was in flight; everything that finished is recorded in the state."
        }
        return "\(inFlight.count) call(s) were in flight and may have finished in the cloud without being "
            + "recorded: \(inFlight.joined(separator: ", ")). The next apply finds created resources by their "
            + "gantry:address tag and adopts them; check the others with `gantry plan`."
    }
}
