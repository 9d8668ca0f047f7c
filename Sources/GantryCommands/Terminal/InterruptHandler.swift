import Dispatch
import Foundation
import Synchronization

/// Ctrl-C during a long operation: the first asks it to stop starting new work (in-flight
/// calls finish and are recorded); the second says what may be left half-done and exits
/// with 130 at once.
///
/// Signals are received through a `DispatchSource` on a dispatch queue, not in a C signal
/// handler, so the callbacks may take locks and print.
///
/// ```swift
/// let interrupts = InterruptHandler(
///     onFirst: { cancellation.cancel() },
///     onSecond: { progress.unfinishedWorkMessage() })
/// interrupts.install()
/// defer { interrupts.uninstall() }
/// ```
public final class InterruptHandler: Sendable {
    /// The life cycle as a small state machine: each Ctrl-C moves it on and says what to do.
    struct Machine: Sendable {
        enum State: Sendable { case running, stopping }
        enum Action: Sendable, Equatable {
            /// Trip the cancellation and tell the user what happens now.
            case cancel
            /// Print what may be left and exit with 130.
            case exit
        }

        private(set) var state = State.running

        mutating func interrupted() -> Action {
            switch state {
            case .running:
                state = .stopping
                return .cancel
            case .stopping:
                return .exit
            }
        }
    }

    private let machine = Mutex(Machine())
    /// Dispatch sources are thread-safe objects that Dispatch doesn't mark `Sendable`.
    private struct SignalSource: @unchecked Sendable { let source: any DispatchSourceSignal }

    private let source: Mutex<SignalSource?> = Mutex(nil)
    private let onFirst: @Sendable () -> Void
    private let onSecond: @Sendable () -> String
    private let errorOutput: any TextOutput

    /// - Parameters:
    ///   - errorOutput: where the notices go (stderr).
    ///   - onFirst: trips the engine's cancellation.
    ///   - onSecond: describes what may be left half-done (resources in flight); printed
    ///     before the process exits with 130.
    public init(errorOutput: any TextOutput, onFirst: @escaping @Sendable () -> Void,
                onSecond: @escaping @Sendable () -> String) {
        self.errorOutput = errorOutput
        self.onFirst = onFirst
        self.onSecond = onSecond
    }

    /// Starts receiving SIGINT instead of dying of it.
    public func install() {
        // The default action would kill the process before the source sees the signal.
        signal(SIGINT, SIG_IGN)
        let signalSource = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        signalSource.setEventHandler { [self] in handleInterrupt() }
        signalSource.resume()
        let box = SignalSource(source: signalSource)
        source.withLock { $0 = box }
    }

    /// Restores the default Ctrl-C behaviour.
    public func uninstall() {
        source.withLock { source in
            source?.source.cancel()
            source = nil
        }
        signal(SIGINT, SIG_DFL)
    }

    /// What one Ctrl-C does; public to the module for tests.
    func handleInterrupt() {
        switch machine.withLock({ $0.interrupted() }) {
        case .cancel:
            errorOutput.write("\nInterrupt received: finishing the calls in flight and recording them; "
                              + "no new work will start. Press Ctrl-C again to quit at once.\n")
            onFirst()
        case .exit:
            errorOutput.write("\nStopped. " + onSecond() + "\n")
            exit(ExitCode.interrupted.rawValue)
        }
    }
}
