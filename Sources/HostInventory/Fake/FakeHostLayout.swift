/// The shape of a generated host: how many SR-IOV NICs, how many VFs each, and the NUMA
/// layout behind them. The defaults describe a small two-socket host with two ConnectX
/// PFs (15b3:101d) of four VFs (15b3:101e).
///
/// Addressing follows the Nova benchmark's `make_hv_devices`: PF `p` is at domain `p / 64`,
/// bus `(p % 64) * 2 + 1`, slot 0, function 0; its VF `v` is on the next bus at slot
/// `v / 8`, function `v % 8`. PF `p` sits on NUMA node `p % numaNodes`.
public struct FakeHostLayout: Sendable, Hashable {
    /// 256 VFs fill the 32 slots × 8 functions of the VF bus.
    public static let maxVFsPerPF = 256
    /// Keeps the PCI domain within the one byte the generated MACs give it.
    public static let maxPFs = 64 * 256
    /// Extra devices sit on bus 0 of domain 0, slots 1–31.
    public static let maxExtraPCIDevices = 31 * 8

    public var pfCount: Int
    public var vfsPerPF: Int
    /// `sriov_totalvfs`; `nil` means "as many as are enabled" (`vfsPerPF`). Larger than
    /// `vfsPerPF` models a card with VFs left disabled; 0 models a NIC without SR-IOV.
    public var totalVFsPerPF: Int?
    public var numaNodes: Int
    /// Nodes are spread over sockets in contiguous blocks: 4 nodes on 2 sockets → 0,0,1,1.
    public var sockets: Int
    /// Node `n` holds CPUs `n * cpusPerNode ..< (n + 1) * cpusPerNode`.
    public var cpusPerNode: Int
    public var vendorID: String
    public var pfProductID: String
    public var vfProductID: String
    /// `{pf}` is replaced by the PF index.
    public var pfNetdevPattern: String
    /// `{pf}` and `{vf}` are replaced; `nil` gives VFs no netdev (as when bound to vfio-pci).
    public var vfNetdevPattern: String?
    /// When set, each PF gets a VPD image with this serial (`{pf}` replaced); VFs have no
    /// VPD of their own, as on ConnectX cards.
    public var vpdSerialPattern: String?
    /// The VFs of the last `vdpaPFs` PFs each carry a vDPA device (`vdpaN`, numbered across
    /// the host), which makes them vDPA devices in the ledger, as Nova types them; the
    /// other PFs' VFs stay plain VFs. `pfCount` puts a vDPA device on every VF.
    public var vdpaPFs: Int
    /// Non-SR-IOV NICs (Intel I210, 8086:1533) on bus 0, with netdevs `eno1`, `eno2`… and
    /// no NUMA affinity (`numa_node` -1): type-PCI devices next to the SR-IOV cards.
    public var extraPCIDevices: Int

    public init(
        pfCount: Int = 2, vfsPerPF: Int = 4, totalVFsPerPF: Int? = nil, numaNodes: Int = 2,
        sockets: Int = 2, cpusPerNode: Int = 4, vendorID: String = "15b3",
        pfProductID: String = "101d", vfProductID: String = "101e",
        pfNetdevPattern: String = "ens{pf}f0np0", vfNetdevPattern: String? = "ens{pf}f0v{vf}",
        vpdSerialPattern: String? = nil, vdpaPFs: Int = 0, extraPCIDevices: Int = 0
    ) {
        self.pfCount = pfCount
        self.vfsPerPF = vfsPerPF
        self.totalVFsPerPF = totalVFsPerPF
        self.numaNodes = numaNodes
        self.sockets = sockets
        self.cpusPerNode = cpusPerNode
        self.vendorID = vendorID
        self.pfProductID = pfProductID
        self.vfProductID = vfProductID
        self.pfNetdevPattern = pfNetdevPattern
        self.vfNetdevPattern = vfNetdevPattern
        self.vpdSerialPattern = vpdSerialPattern
        self.vdpaPFs = vdpaPFs
        self.extraPCIDevices = extraPCIDevices
    }
}
