import GantryBasics

/// JSON for the world's snapshot and mutation log, through the shared GantryBasics codec.
///
/// `.unknown` and `.reference` never reach the world (create and update reject them), so
/// the codec runs without markers: one slipping through is refused, not written.
enum SimCodec {
    /// Appends `value` as one line of compact JSON (with its newline).
    static func appendLine(_ value: Value, to buffer: inout [UInt8]) throws {
        try JSON.append(value, to: &buffer)
        buffer.append(0x0A)
    }

    /// Parses one JSON document.
    static func decode(_ bytes: [UInt8]) throws -> Value {
        try JSON.parse(bytes)
    }
}
