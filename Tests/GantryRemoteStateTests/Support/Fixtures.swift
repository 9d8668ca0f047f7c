import Foundation
import GantryBasics
import GantryState

/// Small resources and helpers the scenarios share.
enum Fixtures {
    static func resource(_ name: String, id: String? = nil) -> ResourceState {
        ResourceState(address: ResourceAddress("node_pools.\(name).sim_node_group.main"), type: "sim_node_group",
                      provider: "sim", id: id ?? "ng-\(name)", attributes: ["desired": .int(2)])
    }

    static func lock(_ operation: String = "apply") -> LockInfo { .current(operation: operation) }

    /// A unique state name, so scenarios sharing one server do not meet.
    static func stateName(_ label: String) -> String { "\(label)-\(UUID().uuidString.prefix(8).lowercased())" }

    static func scratchDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "gantry-remote-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

/// Collects warnings a store reports, from any thread.
final class WarningLog: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    var all: [String] { lock.withLock { lines } }

    func record(_ line: String) { lock.withLock { lines.append(line) } }
}
