import Foundation

/// Questions the scenarios ask of a spec directory through the binary itself.
extension GantryBinary {
    /// Addresses recorded in the state (`gantry state list`).
    func stateAddresses(_ directory: URL) throws -> [String] {
        let result = try run(["state", "list", "-C", directory.path], in: directory)
        guard result.exitCode == 0 else { throw EndToEndError("state list failed\n\(result.transcript)") }
        return Self.firstColumn(result.output)
    }

    /// Gantry addresses of the resources in the simulated cloud (`gantry sim list`), one per resource.
    func simAddresses(_ directory: URL) throws -> [String] {
        let result = try run(["sim", "list", "-C", directory.path], in: directory)
        guard result.exitCode == 0 else { throw EndToEndError("sim list failed\n\(result.transcript)") }
        return result.output.split(separator: "\n").dropFirst()
            .filter { !$0.hasPrefix("drained:") && !$0.hasPrefix("failing:") }
            .compactMap { $0.split(separator: " ", omittingEmptySubsequences: true).last.map(String.init) }
    }

    /// The actions `plan --json` proposes, by address, leaving out no-ops.
    func plannedActions(_ directory: URL, extra: [String] = []) throws -> [String: [String]] {
        let result = try run(["plan", directory.path, "--json"] + extra, in: directory)
        guard result.exitCode == 0 else { throw EndToEndError("plan --json failed\n\(result.transcript)") }
        guard let document = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any],
              let changes = document["resource_changes"] as? [[String: Any]]
        else { throw EndToEndError("plan --json printed no resource_changes\n\(result.transcript)") }
        var actions: [String: [String]] = [:]
        for change in changes {
            guard let address = change["address"] as? String,
                  let list = (change["change"] as? [String: Any])?["actions"] as? [String],
                  list != ["no-op"]
            else { continue }
            actions[address] = list
        }
        return actions
    }

    /// What the local state file records about capacity: where each pool landed
    /// (`capacity.placements`, by placement resource) and the failed offers remembered.
    func capacityRecords(_ directory: URL) throws -> (placements: [String: [String: Any]], failed: [[String: Any]]) {
        let state = try JSONSerialization.jsonObject(
            with: Data(contentsOf: directory.appendingPathComponent(".gantry/state.json"))) as? [String: Any]
        let metadata = state?["metadata"] as? [String: Any] ?? [:]
        return (metadata["capacity.placements"] as? [String: [String: Any]] ?? [:],
                metadata["capacity.failed_offers"] as? [[String: Any]] ?? [])
    }

    private static func firstColumn(_ table: String) -> [String] {
        table.split(separator: "\n").dropFirst().compactMap { $0.split(separator: " ").first.map(String.init) }
    }
}
