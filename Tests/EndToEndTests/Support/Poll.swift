import Foundation

/// Waiting for another process to reach a point, without timing assertions: poll a
/// condition often, give up only after a generous bound (a loaded machine is slow, not
/// wrong).
enum Poll {
    /// Polls `condition` every 20 ms until it holds; false after `seconds`.
    static func until(seconds: Double = 60, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return true }
            usleep(20_000)
        }
        return try condition()
    }

    /// The text of a file, or "" when it can't be read yet.
    static func text(_ url: URL) -> String {
        (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }
}
