/// A GPU model as the catalog knows it: its name, memory and how it can be partitioned.
public struct GPUModel: Sendable, Hashable {
    /// Canonical name: `H100`, `H200`, `A100-40GB`, `A100-80GB`, `A10G`, `L4`, `L40S`.
    public var name: String
    /// Memory of one GPU, in GiB as the vendor states it (80 for H100 80GB).
    public var memoryGiB: Int
    /// Multi-Instance GPU profiles; empty when the model has no MIG support.
    public var migProfiles: [MIGProfile]
    /// Other spellings that mean this model (compared after normalisation).
    public var aliases: [String]
    /// Where the memory and MIG figures come from.
    public var source: String

    public init(name: String, memoryGiB: Int, migProfiles: [MIGProfile] = [], aliases: [String] = [],
                source: String) {
        self.name = name
        self.memoryGiB = memoryGiB
        self.migProfiles = migProfiles
        self.aliases = aliases
        self.source = source
    }

    /// Whether the model can be partitioned with MIG.
    public var supportsMIG: Bool { !migProfiles.isEmpty }

    /// The MIG profile named `name` (`"1g.10gb"`, case-insensitive), if this model offers it.
    public func migProfile(_ name: String) -> MIGProfile? {
        let wanted = name.lowercased()
        return migProfiles.first { $0.name == wanted }
    }
}

/// One Multi-Instance GPU profile: a slice of a GPU's compute and memory.
///
/// An NVIDIA GPU with MIG has 7 compute slices and 8 memory slices; `1g.10gb` takes one of
/// each, `3g.40gb` three compute and four memory slices.
public struct MIGProfile: Sendable, Hashable {
    /// NVIDIA's profile name, e.g. `1g.10gb`, `1g.10gb+me`.
    public var name: String
    /// Compute slices used, out of 7.
    public var computeSlices: Int
    /// Memory slices used, out of 8.
    public var memorySlices: Int
    /// How many instances of only this profile fit on one GPU.
    public var maxInstances: Int

    public init(name: String, computeSlices: Int, memorySlices: Int, maxInstances: Int) {
        self.name = name
        self.computeSlices = computeSlices
        self.memorySlices = memorySlices
        self.maxInstances = maxInstances
    }
}
