/// The spec directory whose `.gantry/` folder holds a project's local files:
///
/// ```
/// DIR/.gantry/state.json, state.journal, state.lock, state.lock.json, backups/   (GantryState)
/// DIR/.gantry/sim/                                                             (the sim provider's cloud)
/// ```
///
/// Both the state store and the providers are handed `directory`; each finds its own
/// files under `.gantry/`.
import Foundation

struct Workspace: Sendable {
    /// The spec directory, absolute. When the user names one spec file, its folder.
    let directory: String

    /// - Parameter path: the spec directory or spec file the user named, absolute.
    init(specPath path: String, isDirectory: Bool) {
        if isDirectory {
            directory = path
        } else {
            let parent = path.split(separator: "/", omittingEmptySubsequences: false).dropLast()
                .joined(separator: "/")
            directory = parent.isEmpty ? "/" : parent
        }
    }

    /// The workspace of `path`, absolute, looking on disk whether it names a directory.
    init(path: String) {
        var isDirectory: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        self.init(specPath: path, isDirectory: isDirectory.boolValue)
    }
}
