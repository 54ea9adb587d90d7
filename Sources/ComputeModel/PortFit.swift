import PCI

/// Whether a port would attach to a server now, and why not: `sriov-compute pci fit` and
/// `GET /v2.1/servers/{server_id}/os-interface-fit/{port_id}`. Nothing is claimed.
public struct PortFit: Sendable, Hashable, Codable {
    public var serverID: String
    public var portID: String
    public var vnicType: String?
    /// The device the attach would take now (the claim engine's choice, NUMA policy and
    /// PF/VF rules applied); nil when it would be refused.
    public var device: PCIDevice?
    /// The refusal the attach would answer with: its message is the attach's own (for a
    /// claim, the engine's explanation of every pool it looked at).
    public var refusal: ComputeError?

    public var fits: Bool { refusal == nil }

    public init(serverID: String, portID: String, vnicType: String?, device: PCIDevice?, refusal: ComputeError?) {
        self.serverID = serverID
        self.portID = portID
        self.vnicType = vnicType
        self.device = device
        self.refusal = refusal
    }
}
