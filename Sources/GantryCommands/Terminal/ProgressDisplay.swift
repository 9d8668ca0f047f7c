import Synchronization

/// Shows a long operation's progress: on a terminal, a status line redrawn in place
/// (done / in flight / remaining, elapsed) under the lines of finished resources; when
/// not a terminal (CI logs, pipes), plain lines only, one per event worth keeping.
///
/// Thread-safe: the engine reports from many tasks at once.
final class ProgressDisplay: Sendable {
    enum Mode: Sendable { case terminal, plain }

    private struct State: Sendable {
        var done = 0
        var failed = 0
        var total = 0
        /// Addresses started and not yet finished, with what is being done to them.
        var inFlight: [String: String] = [:]
        var startedAt = ContinuousClock.now
        var statusShown = false
        var lastDraw: ContinuousClock.Instant?
    }

    private let output: any TextOutput
    private let mode: Mode
    /// `Applying`, `Destroying`, `Refreshing`.
    private let verb: String
    private let state = Mutex(State())

    init(output: any TextOutput, mode: Mode, verb: String) {
        self.output = output
        self.mode = mode
        self.verb = verb
    }

    /// The operation will touch `total` resources.
    func begin(total: Int) {
        state.withLock { state in
            state.total = total
            state.startedAt = .now
        }
    }

    /// Work on `address` began (`creating`, `deleting`, …).
    func started(_ address: String, doing activity: String) {
        let line = "\(address): \(activity.capitalizedFirst)..."
        state.withLock { state in
            state.inFlight[address] = activity
            emit(line, state: &state, keepInTerminal: false)
        }
    }

    /// Work on `address` ended; `summary` says how (`created`, `failed: …`).
    func finished(_ address: String, summary: String, failed: Bool) {
        state.withLock { state in
            state.inFlight[address] = nil
            if failed { state.failed += 1 } else { state.done += 1 }
            emit("\(address): \(summary)", state: &state, keepInTerminal: true)
        }
    }

    /// Authoritative counts from the engine.
    func update(done: Int, failed: Int, total: Int) {
        state.withLock { state in
            state.done = done
            state.failed = failed
            state.total = max(state.total, total)
            guard mode == .terminal else { return }
            let now = ContinuousClock.now
            // Redrawing faster than a person can read only costs time on a slow terminal.
            if let last = state.lastDraw, now - last < .milliseconds(100) { return }
            drawStatus(&state, now: now)
        }
    }

    /// Redraws the status line so the elapsed time moves (terminal only).
    func tick() {
        guard mode == .terminal else { return }
        state.withLock { state in
            if state.statusShown { drawStatus(&state, now: .now) }
        }
    }

    /// A notice that isn't about one resource (throttling, adoption).
    func note(_ text: String) {
        state.withLock { state in emit(text, state: &state, keepInTerminal: true) }
    }

    /// Clears the status line before the summary is printed.
    func end() {
        state.withLock { state in
            if state.statusShown { output.write("\r\u{1B}[2K") }
            state.statusShown = false
        }
    }

    /// The resources in flight right now, sorted, for the second Ctrl-C.
    var inFlightAddresses: [String] {
        state.withLock { $0.inFlight.keys.sorted() }
    }

    /// One line: `[12/55] 3 in flight, 40 remaining, 1 failed — 0:12`.
    static func statusLine(verb: String, done: Int, failed: Int, inFlight: Int, total: Int,
                           elapsed: Double) -> String {
        let remaining = max(0, total - done - failed - inFlight)
        var parts = ["\(inFlight) in flight", "\(remaining) remaining"]
        if failed > 0 { parts.append("\(failed) failed") }
        let seconds = Int(elapsed.rounded(.down))
        let clock = "\(seconds / 60):" + (seconds % 60 < 10 ? "0" : "") + "\(seconds % 60)"
        return "\(verb) [\(done + failed)/\(total)] " + parts.joined(separator: ", ") + " — " + clock
    }

    private func emit(_ line: String, state: inout State, keepInTerminal: Bool) {
        switch mode {
        case .plain:
            output.write(line + "\n")
        case .terminal:
            // On a terminal only outcomes scroll by; starts show in the status line's counts.
            guard keepInTerminal else {
                drawStatus(&state, now: .now)
                return
            }
            output.write((state.statusShown ? "\r\u{1B}[2K" : "") + line + "\n")
            state.statusShown = false
            drawStatus(&state, now: .now)
        }
    }

    private func drawStatus(_ state: inout State, now: ContinuousClock.Instant) {
        let elapsed = now - state.startedAt
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let line = Self.statusLine(verb: verb, done: state.done, failed: state.failed,
                                   inFlight: state.inFlight.count, total: state.total, elapsed: seconds)
        output.write("\r\u{1B}[2K" + line)
        state.statusShown = true
        state.lastDraw = now
    }
}

extension String {
    /// `creating` → `Creating`.
    fileprivate var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
