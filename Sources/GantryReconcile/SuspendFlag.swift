import Foundation

/// The suspend switch: a file in the state directory's `.gantry/`. While it exists no new
/// run starts (a run in progress finishes); `gantry reconcile suspend|resume` writes and removes it.
public struct SuspendFlag: Sendable {
    /// `DIR/.gantry/reconcile.suspended`.
    public let path: String

    public init(stateDirectory: String) { path = stateDirectory + "/.gantry/reconcile.suspended" }

    public var isSuspended: Bool { FileManager.default.fileExists(atPath: path) }

    /// Creates the file (and `.gantry/`), with who suspended and why.
    public func suspend(reason: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Data((reason + "\n").utf8).write(to: URL(fileURLWithPath: path))
    }

    /// Removes the file; returns false when it was not suspended.
    @discardableResult
    public func resume() throws -> Bool {
        guard isSuspended else { return false }
        try FileManager.default.removeItem(atPath: path)
        return true
    }
}
