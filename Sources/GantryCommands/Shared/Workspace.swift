/// Where a spec directory keeps Gantry's files: everything lives under `DIR/.gantry/`.
///
/// ```
/// DIR/.gantry/state/        state document, journal, backups, lock record (GantryState)
/// DIR/.gantry/sim/          the simulated cloud of the `sim` provider
/// ```
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

    /// `DIR/.gantry`.
    var gantryDirectory: String { directory + "/.gantry" }
    /// `DIR/.gantry/state`: the local state backend's directory.
    var stateDirectory: String { gantryDirectory + "/state" }
    /// `DIR/.gantry/sim`: the sim provider's world.
    var simDirectory: String { gantryDirectory + "/sim" }
}
