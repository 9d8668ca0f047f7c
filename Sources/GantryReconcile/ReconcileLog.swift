import Foundation
import GantryBasics

/// Structured log lines for the service: `text` (`time level message key=value…`) or
/// `json` (one object per line), written through `sink`.
public struct ReconcileLog: Sendable {
    public enum Format: String, Sendable, CaseIterable { case text, json }

    public let format: Format
    private let sink: @Sendable (String) -> Void

    public init(format: Format, sink: @escaping @Sendable (String) -> Void) {
        self.format = format
        self.sink = sink
    }

    public func info(_ message: String, _ fields: KeyValuePairs<String, String> = [:]) {
        write("info", message, fields)
    }

    /// Something a person should know about a run that still succeeded (resources kept).
    public func warning(_ message: String, _ fields: KeyValuePairs<String, String> = [:]) {
        write("warning", message, fields)
    }

    public func error(_ message: String, _ fields: KeyValuePairs<String, String> = [:]) {
        write("error", message, fields)
    }

    /// UTC `2026-01-02T03:04:05Z` via gmtime_r (no formatter objects per line).
    static func timestamp() -> String {
        var seconds = time(nil)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }

    private func write(_ level: String, _ message: String, _ fields: KeyValuePairs<String, String>) {
        let time = Self.timestamp()
        switch format {
        case .json:
            var object: [String: Value] = ["time": .string(time), "level": .string(level), "msg": .string(message)]
            for (key, value) in fields { object[key] = .string(value) }
            sink(((try? JSON.encode(.object(object))) ?? "{}") + "\n")
        case .text:
            var line = "\(time) \(level) \(message)"
            for (key, value) in fields {
                let quoted = value.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" })
                line += " \(key)=" + (quoted ? "\"\(value.replacingOccurrences(of: "\"", with: "\\\""))\"" : value)
            }
            sink(line + "\n")
        }
    }
}
