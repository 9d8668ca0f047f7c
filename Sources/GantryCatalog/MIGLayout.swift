import GantryBasics

/// How each GPU of a node is partitioned with MIG: which profiles, how many of each.
///
/// One value serves every stage, so they agree: the spec validator checks that it fits,
/// providers lower it into node configuration (`nodeLabel`, `bootScript`), and plans show
/// what a node offers (`instancesPerNode`).
///
/// ```swift
/// let layout = MIGLayout([("3g.40gb", 2), ("1g.10gb", 1)])
/// layout.fitProblems(on: h100)   // ["needs 7 compute slices …"] when it does not fit
/// layout.nodeLabel                // "custom-1x1g.10gb-2x3g.40gb"
/// ```
public struct MIGLayout: Sendable, Hashable {
    /// One profile of the layout and its instances per GPU.
    public struct Entry: Sendable, Hashable {
        public var profile: String
        public var count: Int
        public init(profile: String, count: Int) {
            self.profile = profile
            self.count = count
        }
    }

    /// In the order written; a profile appears once.
    public var entries: [Entry]
    /// True when written as `profile:` (every GPU cut into as many as fit).
    public var isUniform: Bool

    /// Compute and memory slices of one MIG-capable GPU.
    public static let computeSlices = 7
    public static let memorySlices = 8

    public init(_ entries: [(String, Int)]) {
        self.entries = entries.map { Entry(profile: $0.0, count: $0.1) }
        isUniform = false
    }

    /// Every GPU cut into as many instances of `profile` as fit.
    public init(uniform profile: MIGProfile) {
        entries = [Entry(profile: profile.name, count: profile.maxInstances)]
        isUniform = true
    }

    /// Reads the spec's intent encoding: `{profile: NAME}` (uniform) or `{NAME: count, …}`
    /// (mixed), against the GPU's profiles. Nil when `value` is absent or null; unknown
    /// profiles and counts that are not whole numbers are left for `fitProblems` to name.
    public static func read(_ value: Value?, gpu: GPUModel?) -> MIGLayout? {
        guard let value, !value.isNull else { return nil }
        if let name = value.stringValue ?? value["profile"]?.stringValue {
            if let profile = gpu?.migProfile(name) { return MIGLayout(uniform: profile) }
            return MIGLayout([(name, 1)])
        }
        if let list = value["layout"]?.arrayValue {
            return MIGLayout(list.map { entry in
                (entry["profile"]?.stringValue ?? "", entry["count"].flatMap { $0.intValue } ?? 1)
            })
        }
        guard let members = value["layout"]?.objectValue ?? value.objectValue, !members.isEmpty else { return nil }
        return MIGLayout(members.keys.sorted().map { name in
            (name, members[name].flatMap { $0.intValue ?? $0.stringValue.flatMap { Int($0) } } ?? 0)
        })
    }

    /// Reads and checks the intent encoding in one go, for lowering: the layout when it
    /// fits, else the problems, each with a diagnostic code (`invalid-mig-profile`,
    /// `mig-does-not-fit`, `invalid-mig`) and the spec path it concerns (`mig`, `mig.NAME`).
    /// Nil layout and no problems when `value` is absent.
    public static func checked(_ value: Value?, gpu: GPUModel?)
        -> (layout: MIGLayout?, problems: [(code: String, path: String, message: String)])
    {
        guard let value, !value.isNull else { return (nil, []) }
        guard let gpu, let layout = read(value, gpu: gpu) else {
            return (nil, [("invalid-mig", "mig", "`mig` must be { profile: NAME } or a layout { NAME: count, … }")])
        }
        let problems = layout.fitProblems(on: gpu)
        return (problems.isEmpty ? layout : nil, problems.map { problem in
            let code: String
            switch problem {
            case .unknownProfile: code = "invalid-mig-profile"
            case .tooMany, .slices: code = "mig-does-not-fit"
            case .unsupported, .badCount: code = "invalid-mig"
            }
            return (code, problem.profile.map { "mig.\($0)" } ?? "mig", problem.description)
        })
    }

    /// Why the layout cannot be cut on one `gpu`; empty when it fits.
    public func fitProblems(on gpu: GPUModel) -> [MIGFitProblem] {
        guard gpu.supportsMIG else { return [.unsupported(gpu: gpu.name)] }
        var problems: [MIGFitProblem] = []
        var known: [(Entry, MIGProfile)] = []
        for entry in entries {
            guard let profile = gpu.migProfile(entry.profile) else {
                problems.append(.unknownProfile(entry.profile, gpu: gpu.name, known: gpu.migProfiles.map(\.name)))
                continue
            }
            if entry.count < 1 {
                problems.append(.badCount(entry.profile, entry.count))
            } else if entry.count > profile.maxInstances {
                problems.append(.tooMany(entry.profile, count: entry.count, max: profile.maxInstances, gpu: gpu.name))
            }
            known.append((entry, profile))
        }
        guard problems.isEmpty else { return problems }
        for (kind, limit, slices) in [("compute", Self.computeSlices, \MIGProfile.computeSlices),
                                      ("memory", Self.memorySlices, \MIGProfile.memorySlices)] {
            let total = known.reduce(0) { $0 + $1.1[keyPath: slices] * $1.0.count }
            guard total > limit else { continue }
            let shares = known.map { "\($0.0.profile) ×\($0.0.count) = \($0.1[keyPath: slices] * $0.0.count)" }
            problems.append(.slices(kind: kind, needed: total, shares: shares, gpu: gpu.name, available: limit))
            break  // Compute is the scarcer; when it overflows, memory's count adds nothing.
        }
        return problems
    }

    /// The `nvidia.com/mig.config` node label (the NVIDIA MIG manager's config name):
    /// `all-1g.10gb` for a uniform layout, else `custom-1x1g.10gb-2x3g.40gb`.
    public var nodeLabel: String {
        if isUniform, let only = entries.first { return "all-\(only.profile)" }
        return "custom-" + sorted.map { "\($0.count)x\($0.profile)" }.joined(separator: "-")
    }

    /// Boot script lines that enable MIG and create the GPU instances (with their compute
    /// instances) on every GPU of the node.
    public var bootScript: [String] {
        let instances = sorted.flatMap { Array(repeating: $0.profile, count: $0.count) }
        return ["nvidia-smi -mig 1", "nvidia-smi mig -cgi \(instances.joined(separator: ",")) -C"]
    }

    /// Instances per GPU by profile, as a provider attribute (`mig_layout`).
    public var perGPU: [String: Int] {
        Dictionary(entries.map { ($0.profile, $0.count) }, uniquingKeysWith: +)
    }

    /// Allocatable GPU instances on a node with `gpus` GPUs, by profile.
    public func perNode(gpus: Int) -> [String: Int] { perGPU.mapValues { $0 * max(0, gpus) } }

    private var sorted: [Entry] { entries.sorted { $0.profile < $1.profile } }
}
