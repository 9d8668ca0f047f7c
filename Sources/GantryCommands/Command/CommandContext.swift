import Foundation
import GantryEngine

/// What a command may touch of the outside world: its output streams, the environment,
/// the working directory and the keyboard. Tests build one with captured output.
public struct CommandContext: Sendable {
    /// Results: plans, tables, JSON.
    public var output: any TextOutput
    /// Diagnostics, progress and prompts, so `--json > plan.json` stays clean.
    public var errorOutput: any TextOutput
    public var environment: [String: String]
    /// Relative paths on the command line are resolved against this.
    public var workingDirectory: String
    /// Whether `output` is a terminal (colour, tables sized to it).
    public var outputIsTerminal: Bool
    /// Whether `errorOutput` is a terminal (progress redrawn in place, prompts).
    public var errorIsTerminal: Bool
    /// Whether answers can be read from a person (`apply` asks before changing anything).
    public var inputIsTerminal: Bool
    /// Reads one line of input without its newline, or nil at end of input.
    public var readLine: @Sendable () -> String?
    /// Whether long operations may take over Ctrl-C (the real process, not tests).
    public var handlesInterrupts: Bool
    /// What a one-shot command does with its big values when it is done: in the real
    /// process, which exits after its one command, they are kept for the exit to reclaim;
    /// elsewhere (tests) they are freed. A command that loops (reconcile) must not use it.
    public var disposal: Disposal

    public init(output: any TextOutput, errorOutput: any TextOutput, environment: [String: String] = [:],
                workingDirectory: String, outputIsTerminal: Bool = false, errorIsTerminal: Bool = false,
                inputIsTerminal: Bool = false, readLine: @escaping @Sendable () -> String? = { nil },
                handlesInterrupts: Bool = false, disposal: Disposal = .release) {
        self.output = output
        self.errorOutput = errorOutput
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.outputIsTerminal = outputIsTerminal
        self.errorIsTerminal = errorIsTerminal
        self.inputIsTerminal = inputIsTerminal
        self.readLine = readLine
        self.handlesInterrupts = handlesInterrupts
        self.disposal = disposal
    }

    /// The real process: stdout, stderr, stdin, `environ` and the current directory.
    public static func process() -> CommandContext {
        CommandContext(
            output: StandardStream.output, errorOutput: StandardStream.error,
            environment: ProcessInfo.processInfo.environment,
            workingDirectory: FileManager.default.currentDirectoryPath,
            outputIsTerminal: StandardStream.output.isTerminal, errorIsTerminal: StandardStream.error.isTerminal,
            inputIsTerminal: isatty(STDIN_FILENO) == 1, readLine: { Swift.readLine(strippingNewline: true) },
            handlesInterrupts: true, disposal: .keepUntilExit)
    }

    /// `path` made absolute against the working directory, with `.` and `..` resolved.
    public func resolve(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : workingDirectory + "/" + path
        return URL(fileURLWithPath: absolute).standardizedFileURL.path
    }

    /// Colour is used on a terminal unless `NO_COLOR` is set (https://no-color.org).
    public var colorEnabled: Bool {
        outputIsTerminal && (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb"
    }
}
