import Foundation
import GantryBasics
@testable import GantryState

/// A fresh directory under /tmp, deleted when the test is done with it.
final class TemporaryDirectory {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "gantry-state-tests-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    var gantry: String { path + "/.gantry" }

    func read(_ relative: String) -> [UInt8]? {
        FileManager.default.contents(atPath: gantry + "/" + relative).map { [UInt8]($0) }
    }

    func write(_ relative: String, _ text: String) {
        try? FileManager.default.createDirectory(atPath: gantry, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: gantry + "/" + relative, contents: Data(text.utf8))
    }

    func permissions(_ relative: String) -> Int? {
        let attributes = try? FileManager.default.attributesOfItem(atPath: relative.isEmpty ? gantry : gantry + "/" + relative)
        return (attributes?[.posixPermissions] as? NSNumber)?.intValue
    }
}

enum Fixtures {
    static func resource(_ address: ResourceAddress, id: String = "id-1", attributes: [String: Value] = [:],
                         dependencies: [ResourceAddress] = [], sensitive: [String] = []) -> ResourceState {
        ResourceState(address: address, type: "sim_node_group", provider: "sim", id: id,
                      attributes: attributes.isEmpty ? ["name": .string(address.rawValue), "desired": 2] : attributes,
                      dependencies: dependencies, sensitivePaths: sensitive, origin: "node_pools.h100-train")
    }

    static func document(count: Int, serial: Int = 1) -> StateDocument {
        var document = StateDocument(serial: serial, lineage: "2f0d6a4e-6c1b-4f6e-9d0b-3f1a2b3c4d5e")
        for i in 0..<count {
            document.apply(.put(resource(ResourceAddress("node_pools.p\(i).sim_node_group.main"), id: "ng-\(i)")))
        }
        return document
    }
}
