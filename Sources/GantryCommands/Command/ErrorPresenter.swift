import Foundation
import GantryBasics
import GantryEngine
import GantryState

/// Turns anything thrown out of a command into what the user reads and the exit code.
///
/// Every module's error type describes itself in human text (`CustomStringConvertible`);
/// this prints it after `error: `, never as a Swift type dump.
enum ErrorPresenter {
    /// `error: …`, the command's usage line, and where to read more.
    static func usage(_ error: UsageError, path: [any GantryCommand.Type]) -> String {
        let help = HelpGenerator(path: path)
        return """
            error: \(error.message)
            Usage: \(help.usage())
              See '\(help.commandName.replacingFirst("gantry", with: "gantry help"))'.

            """
    }

    /// `error: …` for any other error; nothing for a failure already reported.
    static func message(for error: any Error) -> String {
        switch error {
        case is ReportedFailure:
            return ""
        case EngineError.invalidConfiguration(let diagnostics), EngineError.planHasErrors(let diagnostics):
            // Configuration problems found by a provider read like the spec's own diagnostics.
            return DiagnosticRenderer(format: .text).render(diagnostics)
        default:
            return "error: \(describe(error))\n"
        }
    }

    /// The human text of an error.
    static func describe(_ error: any Error) -> String {
        // Foundation's errors describe themselves as a dump of their domain and user info;
        // their readable message is the localized description.
        if error is CocoaError || error is POSIXError || error is URLError { return error.localizedDescription }
        return String(describing: error)
    }

    /// 3 when the state lock is held by someone else, the code a command chose, 1 otherwise.
    static func exitCode(for error: any Error) -> ExitCode {
        switch error {
        case let error as CommandError: return error.exitCode
        case let error as ReportedFailure: return error.exitCode
        case let error as StateError where error.isLockHeld: return .lockHeld
        default: return .failure
        }
    }
}

extension String {
    /// `self` with its first occurrence of `target` replaced.
    fileprivate func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}
