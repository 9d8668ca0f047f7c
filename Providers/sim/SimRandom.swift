/// A small seeded pseudo-random generator (SplitMix64), so a run with the same `seed` and
/// the same call order injects the same faults and latencies.
///
/// SplitMix64 passes BigCrush, needs one word of state and is trivially reproducible
/// across platforms, unlike `SystemRandomNumberGenerator`.
struct SimRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform double in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// True with the given probability. A rate of 0 draws nothing, so a world without
    /// faults never touches the generator.
    mutating func chance(_ rate: Double) -> Bool {
        guard rate > 0 else { return false }
        return unit() < rate
    }
}
