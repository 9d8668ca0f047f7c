/// How `gantry` exits (DESIGN.md §9). Scripts and CI depend on these numbers.
public struct ExitCode: Sendable, Hashable, CustomStringConvertible {
    public var rawValue: Int32

    public init(_ rawValue: Int32) { self.rawValue = rawValue }

    /// Done; with `--detailed-exitcode`, also "no changes".
    public static let success = ExitCode(0)
    /// Something went wrong: bad input, a failed resource, a refused state.
    public static let failure = ExitCode(1)
    /// `plan --detailed-exitcode` found changes to make.
    public static let changesPresent = ExitCode(2)
    /// Another run holds the state lock.
    public static let lockHeld = ExitCode(3)
    /// Stopped by a second Ctrl-C (128 + SIGINT, as shells report it).
    public static let interrupted = ExitCode(130)

    public var description: String { String(rawValue) }
}
