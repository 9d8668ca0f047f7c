/// How the GPUs of one instance talk to each other and to other instances.
public struct Interconnect: Sendable, Hashable {
    /// The network fabric between instances.
    public enum Fabric: String, Sendable, Hashable, CaseIterable {
        /// AWS Elastic Fabric Adapter (OS-bypass, GPUDirect RDMA on P4/P5).
        case efa
        /// InfiniBand (Azure ND series).
        case infiniband
        /// Google GPUDirect-TCPX (A3 High).
        case gpudirectTCPX = "gpudirect-tcpx"
        /// Google GPUDirect-TCPXO (A3 Mega).
        case gpudirectTCPXO = "gpudirect-tcpxo"
        /// Ordinary cloud networking only.
        case none
    }

    /// The inter-instance fabric.
    public var fabric: Fabric
    /// Maximum network bandwidth of the instance, in Gbit/s ("up to" figures for small sizes).
    public var bandwidthGbps: Int
    /// How many EFA network interfaces the instance supports (0 when not EFA).
    public var efaInterfaces: Int
    /// GPUs inside the instance are linked by NVLink.
    public var nvlink: Bool
    /// GPUs inside the instance are all-to-all connected through NVSwitch.
    public var nvswitch: Bool
    /// Instances can be packed close together for the fabric: an AWS cluster placement group,
    /// a GCP compact placement policy, an Azure scale set on one InfiniBand fabric.
    public var supportsClusterPlacement: Bool

    public init(fabric: Fabric, bandwidthGbps: Int, efaInterfaces: Int = 0, nvlink: Bool = false,
                nvswitch: Bool = false, supportsClusterPlacement: Bool = true) {
        self.fabric = fabric
        self.bandwidthGbps = bandwidthGbps
        self.efaInterfaces = efaInterfaces
        self.nvlink = nvlink
        self.nvswitch = nvswitch
        self.supportsClusterPlacement = supportsClusterPlacement
    }
}
