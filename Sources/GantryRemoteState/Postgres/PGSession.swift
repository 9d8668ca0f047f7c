import GantryBasics

/// One PostgreSQL session on its own thread: a connection made on first use and every
/// query on it run off the cooperative pool.
///
/// The store keeps two: one for data (loads, journal, commits) and one that holds the
/// session-level advisory lock and renews the lease, so a slow commit never delays a
/// heartbeat.
final class PGSession: @unchecked Sendable {
    let thread: BlockingThread
    private let conninfo: String
    private let backend: String
    // Touched only on `thread`.
    private var connection: PGConnection?

    init(conninfo: String, backend: String, name: String) {
        self.conninfo = conninfo
        self.backend = backend
        thread = BlockingThread(name: name)
    }

    deinit { thread.stop() }

    /// Runs `body` with the connection on the session thread. A failure becomes a
    /// `RemoteStateError` naming `operation`: `.unavailable` when the server is gone.
    ///
    /// A connection left over from earlier may have died unnoticed (the server restarted):
    /// when its first use fails that way, `body` runs once more on a new connection.
    /// Every body is safe to repeat — its writes are transactions, and journal entries
    /// replay idempotently.
    func run<T: Sendable>(_ operation: String,
                          _ body: @escaping @Sendable (PGConnection) throws -> T) async throws -> T {
        try await thread.run { () throws -> T in
            let reused = self.connection != nil
            do {
                return try body(try self.connected())
            } catch let failure as PGConnection.Failure where reused && failure.connectionLost {
                self.connection = nil
                do {
                    return try body(try self.connected())
                } catch let failure as PGConnection.Failure {
                    throw self.error(failure, operation: operation)
                }
            } catch let failure as PGConnection.Failure {
                throw self.error(failure, operation: operation)
            }
        }
    }

    /// Closes the connection (the server then drops its advisory locks).
    func close() async {
        await thread.run { () -> Void in self.connection = nil }
    }

    private func connected() throws(PGConnection.Failure) -> PGConnection {
        if let connection { return connection }
        let made = try PGConnection(conninfo)
        connection = made
        return made
    }

    func error(_ failure: PGConnection.Failure, operation: String) -> RemoteStateError {
        if failure.connectionLost || failure.sqlState?.hasPrefix("08") == true || failure.sqlState == "57P01" {
            return RemoteStateError(.unavailable(backend: backend, operation: operation, reason: failure.reason,
                                                 emergencyCopy: nil))
        }
        return RemoteStateError(.backendError(backend: backend, operation: operation, code: failure.sqlState,
                                              reason: failure.reason))
    }
}
