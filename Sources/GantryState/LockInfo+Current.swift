import Foundation
import GantryBasics

extension LockInfo {
    /// A lock record for this process: the user, host, pid, the time now and a fresh
    /// random id.
    ///
    /// ```swift
    /// try await store.lock(.current(operation: "apply"))
    /// ```
    public static func current(operation: String) -> LockInfo {
        LockInfo(id: UUID().uuidString.lowercased(), operation: operation, who: currentUser(),
                 host: currentHost(), pid: getpid(),
                 since: Date().timeIntervalSince1970)
    }

    /// `alice on ci-runner-3 (pid 4242), running apply since 2026-11-26 03:10:07 UTC, lock id 1f…`
    public var summary: String {
        "\(who) on \(host) (pid \(pid)), running \(operation) since \(LockInfo.formatUTC(since)), lock id \(id)"
    }

    private static func currentUser() -> String {
        if let user = ProcessInfo.processInfo.environment["USER"], !user.isEmpty { return user }
        if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return "uid \(getuid())"
    }

    /// gethostname(2) directly: Foundation's `hostName` may wait on DNS.
    private static func currentHost() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "unknown-host" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func formatUTC(_ seconds: Double) -> String {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d UTC", parts.tm_year + 1900, parts.tm_mon + 1,
                      parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec)
    }
}

extension LockInfo: JSONRepresentable {
    /// The owner record as stored in `state.lock.json`.
    public var json: Value {
        ["id": .string(id), "operation": .string(operation), "who": .string(who), "host": .string(host),
         "pid": .int(Int(pid)), "since": .double(since)]
    }

    public init(json: Value) throws {
        let fields = try FieldReader(json, path: "lock")
        let id = try fields.string("id")
        let operation = try fields.string("operation")
        let who = try fields.string("who")
        let host = try fields.string("host")
        let pid = Int32(clamping: try fields.int("pid"))
        let since = try fields.double("since")
        self.init(id: id, operation: operation, who: who, host: host, pid: pid, since: since)
    }
}
