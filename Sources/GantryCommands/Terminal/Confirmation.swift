import Foundation

/// Asks a person to confirm a change before it is made, as `apply` and `destroy` do.
enum Confirmation {
    /// Asks `question` on the terminal and returns whether the answer was exactly `yes`.
    ///
    /// - Throws: `CommandError` when nobody can answer (input isn't a terminal), telling
    ///   the user to pass `--auto-approve` — a CI job must never hang on a prompt.
    static func ask(_ question: String, in context: CommandContext) throws -> Bool {
        try requireAnswerable(in: context)
        context.errorOutput.write("\(question)\n  Only 'yes' will be accepted to approve.\n\n  Enter a value: ")
        let answer = context.readLine()?.trimmingCharacters(in: .whitespaces)
        return answer == "yes"
    }

    /// Throws unless a person can answer a question (input is a terminal).
    static func requireAnswerable(in context: CommandContext) throws {
        guard context.inputIsTerminal else {
            throw CommandError("refusing to make changes without confirmation: input is not a terminal",
                               hint: "review the plan with `gantry plan`, then run again with --auto-approve")
        }
    }
}
