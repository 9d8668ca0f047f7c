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

    public func error(_ message: String, _ fields: KeyValuePairs<String, String> = [:]) {
        write("error", message, fields)
    }

    private func write(_ level: String, _ message: String, _ fields: KeyValuePairs<String, String>) {
        let time = Date().formatted(.iso8601)
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
