import Testing
import GantryBasics

/// Random values (seeded, so failures reproduce) survive encode → parse unchanged.
@Suite struct JSONRoundTripTests {
    /// SplitMix64: small, seedable, good enough to vary shapes.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let alphabet: [Character] = ["a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "\u{0}", "\u{1F}", "é",
                                        "€", "𝄞", "🚀", "\u{2028}", "{", "]", ":", ","]

    static func randomValue(depth: Int, _ g: inout Generator) -> Value {
        switch Int.random(in: 0..<(depth > 3 ? 6 : 8), using: &g) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &g))
        case 2: return .int(Int.random(in: Int.min...Int.max, using: &g) >> Int.random(in: 0..<64, using: &g))
        case 3:
            let d = Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &g))
            return .double(d.isFinite ? d : 0.5)
        case 4, 5: return .string(randomString(&g))
        case 6: return .array((0..<Int.random(in: 0..<5, using: &g)).map { _ in randomValue(depth: depth + 1, &g) })
        default:
            var members: [String: Value] = [:]
            for _ in 0..<Int.random(in: 0..<5, using: &g) { members[randomString(&g)] = randomValue(depth: depth + 1, &g) }
            return .object(members)
        }
    }

    static func randomString(_ g: inout Generator) -> String {
        String((0..<Int.random(in: 0..<12, using: &g)).map { _ in alphabet.randomElement(using: &g) ?? "a" })
    }

    @Test(arguments: [1, 2, 3, 4, 5])
    func randomValuesRoundTrip(seed: UInt64) throws {
        var g = Generator(state: seed)
        for _ in 0..<200 {
            let value = Self.randomValue(depth: 0, &g)
            let compact = try JSON.encode(value)
            #expect(try JSON.parse(compact) == value, "seed \(seed): \(compact)")
            #expect(try JSON.parse(try JSON.encode(value, pretty: true)) == value)
            #expect(try JSON.encode(try JSON.parse(compact)) == compact, "encoding is canonical")
        }
    }
}
