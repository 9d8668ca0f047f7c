import Foundation

/// `git daemon` exporting every repository under a directory over git:// on 127.0.0.1.
enum GitDaemon {
    static func start(basePath: String) async throws -> ServerProcess {
        let port = try ServerProcess.freePort()
        return try await ServerProcess(["/usr/lib/git-core/git-daemon", "--base-path=\(basePath)", "--export-all",
                                        "--reuseaddr", "--listen=127.0.0.1", "--port=\(port)", basePath], port: port)
    }
}
