/// A failure whose explanation is already on the screen (diagnostics with their source
/// lines, a failed apply's summary): the entry point only exits with `exitCode`.
struct ReportedFailure: Error, Sendable, CustomStringConvertible {
    var exitCode: ExitCode = .failure
    /// For logs and tests; not printed.
    var summary: String

    var description: String { summary }
}
