import Synchronization

/// What becomes of large values (a plan, the loaded state, the read-back resources) once
/// the code holding them is done with them.
///
/// Freeing the values of a 10,000-resource plan visits every dictionary and string in them,
/// tens of milliseconds here. A process about to exit needs none of that: the kernel takes
/// the whole heap back at once. So a one-shot command, which exits as soon as it returns,
/// hands its big values to `keepUntilExit`; everything that runs on (tests, the reconcile
/// loop, library callers) uses `release`, which lets them go at once.
///
/// ```swift
/// let engine = Engine(providers: providers, store: store, disposal: context.disposal)
/// ```
public struct Disposal: Sendable {
    /// Lets go of the values at once: the default, right for anything that runs on.
    public static let release = Disposal(keepsUntilExit: false)

    /// Keeps the values for the rest of the process, never freeing them. Only for a
    /// process that exits right after its one command: every value kept here is leaked.
    public static let keepUntilExit = Disposal(keepsUntilExit: true)

    /// Whether values are kept until the process exits.
    public let keepsUntilExit: Bool

    private static let kept = Mutex<[any Sendable]>([])

    /// Lets go of `value`, or keeps it until exit, as this disposal says.
    public func dispose(_ value: some Sendable) {
        guard keepsUntilExit else { return }
        Self.kept.withLock { $0.append(value) }
    }
}
