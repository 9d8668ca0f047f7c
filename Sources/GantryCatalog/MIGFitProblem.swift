/// Why a MIG layout cannot be cut on a GPU; `description` is the sentence a person reads.
public enum MIGFitProblem: Sendable, Hashable, CustomStringConvertible {
    /// The GPU has no MIG support at all.
    case unsupported(gpu: String)
    case unknownProfile(String, gpu: String, known: [String])
    /// A count below 1.
    case badCount(String, Int)
    /// More instances of one profile than a GPU holds.
    case tooMany(String, count: Int, max: Int, gpu: String)
    /// The profiles together need more compute or memory slices than a GPU has;
    /// `shares` name each profile's part (`3g.40gb ×2 = 6`).
    case slices(kind: String, needed: Int, shares: [String], gpu: String, available: Int)

    /// The profile the problem is about, when it is about one.
    public var profile: String? {
        switch self {
        case .unknownProfile(let p, _, _), .badCount(let p, _), .tooMany(let p, _, _, _): p
        case .unsupported, .slices: nil
        }
    }

    public var description: String {
        switch self {
        case .unsupported(let gpu): "\(gpu) GPUs do not support MIG partitioning"
        case .unknownProfile(let p, let gpu, _): "MIG profile '\(p)' does not exist on \(gpu)"
        case .badCount(let p, let n): "MIG profile '\(p)' needs a count of at least 1, got \(n)"
        case .tooMany(let p, let count, let max, let gpu):
            "\(count) × \(p) exceeds the \(max) instances one \(gpu) can hold"
        case .slices(let kind, let needed, let shares, let gpu, let available):
            "MIG layout needs \(needed) \(kind) slices (\(shares.joined(separator: ", "))), one \(gpu) has \(available)"
        }
    }
}
