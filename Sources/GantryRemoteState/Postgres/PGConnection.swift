import CPQ
#if canImport(Glibc)
import Glibc
#endif

/// One libpq connection. Every call blocks on the network: use it only from its
/// session's `BlockingThread` (hence `@unchecked Sendable`).
final class PGConnection: @unchecked Sendable {
    /// Rows of text values (nil for SQL NULL) and the affected-row count.
    struct Rows {
        var values: [[String?]] = []
        var affected = 0

        subscript(row: Int, column: Int) -> String? {
            row < values.count && column < values[row].count ? values[row][column] : nil
        }
    }

    /// What failed, already in the user's words, and whether the connection is gone.
    struct Failure: Error {
        var reason: String
        var sqlState: String?
        var connectionLost: Bool
    }

    private var handle: OpaquePointer?
    private let conninfo: String

    /// Connects with a libpq connection string or `postgres://` URL. The password comes
    /// from the URL or from libpq's environment (`PGPASSWORD`, `~/.pgpass`).
    init(_ conninfo: String) throws(Failure) {
        self.conninfo = conninfo
        try connect()
    }

    deinit { if let handle { PQfinish(handle) } }

    private func connect() throws(Failure) {
        if let handle { PQfinish(handle) }
        handle = PQconnectdb(conninfo)
        guard let handle, PQstatus(handle) == CONNECTION_OK else {
            let reason = handle.map { Self.text(PQerrorMessage($0)) } ?? "out of memory"
            throw Failure(reason: reason, sqlState: nil, connectionLost: true)
        }
        // Quiet NOTICEs ("relation already exists, skipping") would go to stderr otherwise.
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
    }

    /// Runs one statement with text parameters ($1, $2, …); reconnects once first when
    /// the connection was lost.
    @discardableResult
    func execute(_ sql: String, _ parameters: [String?] = []) throws(Failure) -> Rows {
        if handle.map({ PQstatus($0) }) != CONNECTION_OK { try connect() }
        guard let handle else { throw Failure(reason: "not connected", sqlState: nil, connectionLost: true) }
        let result = Self.withCStrings(parameters) { pointers in
            PQexecParams(handle, sql, Int32(parameters.count), nil, pointers, nil, nil, 0)
        }
        defer { PQclear(result) }
        let status = result.map { PQresultStatus($0) } ?? PGRES_FATAL_ERROR
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            let message = result.map { Self.text(PQresultErrorMessage($0)) } ?? ""
            let sqlState = result.flatMap { PQresultErrorField($0, Int32(UInt8(ascii: "C"))) }.map { String(cString: $0) }
            let lost = PQstatus(handle) != CONNECTION_OK
            throw Failure(reason: message.isEmpty ? Self.text(PQerrorMessage(handle)) : message,
                          sqlState: sqlState, connectionLost: lost)
        }
        var rows = Rows()
        guard let result else { return rows }
        rows.affected = Int(String(cString: PQcmdTuples(result))) ?? 0
        let count = PQntuples(result), columns = PQnfields(result)
        rows.values.reserveCapacity(Int(count))
        for row in 0..<count {
            var values: [String?] = []
            for column in 0..<columns {
                values.append(PQgetisnull(result, row, column) == 1 ? nil : String(cString: PQgetvalue(result, row, column)))
            }
            rows.values.append(values)
        }
        return rows
    }

    /// Runs `body` inside BEGIN … COMMIT, rolling back when it throws (anything: a check
    /// in `body` may refuse the write).
    func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN")
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            if handle.map({ PQstatus($0) }) == CONNECTION_OK { _ = try? execute("ROLLBACK") }
            throw error
        }
    }

    private static func text(_ pointer: UnsafePointer<CChar>?) -> String {
        guard let pointer else { return "" }
        return String(cString: pointer).trimmingTrailingWhitespace
    }

    private static func withCStrings<R>(_ strings: [String?],
                                        _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> R) -> R {
        let owned: [UnsafeMutablePointer<CChar>?] = strings.map { $0.map { strdup($0) } ?? nil }
        defer { for pointer in owned { free(pointer) } }
        let pointers = owned.map { $0.map { UnsafePointer($0) } }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress) }
    }
}

extension String {
    var trimmingTrailingWhitespace: String {
        var text = Substring(self)
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        return String(text)
    }
}
