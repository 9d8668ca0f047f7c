import GantryBasics

/// How a plugin is brought up: an executable, or an SDK server in this process.
enum PluginLauncher: Sendable {
    case executable(String)
    case inProcess(PluginServer)
}

/// One started plugin: its connection, and its process when it has one.
struct PluginSession: Sendable {
    let generation: Int
    let connection: PluginConnection
    let process: PluginProcess?
    let handshake: PluginHandshake
}
