import Foundation
import GantryBasics

/// Turns `Value`s into JSON text and back for the world's snapshot and mutation log.
///
/// The one place the simulator touches a JSON implementation, so it can move to the shared
/// GantryBasics codec without touching anything else. `.unknown` and `.reference` never reach
/// the world (create and update reject them), so they are written as `null` defensively.
enum SimCodec {
    /// One value as compact JSON, without a trailing newline.
    static func encode(_ value: Value) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(CodableValue(value))
    }

    /// Parses one JSON document.
    static func decode(_ data: Data) throws -> Value {
        try JSONDecoder().decode(CodableValue.self, from: data).value
    }
}

/// A private Codable face of `Value`: JSONDecoder tells booleans from numbers reliably,
/// which JSONSerialization on Linux does not.
private struct CodableValue: Codable {
    var value: Value

    init(_ value: Value) { self.value = value }

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            value = .null
        } else if let b = try? container.decode(Bool.self) {
            value = .bool(b)
        } else if let i = try? container.decode(Int.self) {
            value = .int(i)
        } else if let d = try? container.decode(Double.self) {
            value = .double(d)
        } else if let s = try? container.decode(String.self) {
            value = .string(s)
        } else if let a = try? container.decode([CodableValue].self) {
            value = .array(a.map(\.value))
        } else {
            let o = try container.decode([String: CodableValue].self)
            value = .object(o.mapValues(\.value))
        }
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch value {
        case .null, .unknown, .reference: try container.encodeNil()
        case .bool(let b): try container.encode(b)
        case .int(let i): try container.encode(i)
        case .double(let d): try container.encode(d)
        case .string(let s): try container.encode(s)
        case .array(let a): try container.encode(a.map(CodableValue.init))
        case .object(let o): try container.encode(o.mapValues(CodableValue.init))
        }
    }
}
