import Foundation
import PCI

/// A port plugged into a server, with what its detach needs to find the guest device and
/// the ledger entry again (Nova keeps this in the VIF's binding profile and info cache).
public struct VirtualInterface: Sendable, Hashable, Codable {
    public var portID: String
    public var serverID: UUID
    public var networkID: String
    public var macAddress: String
    /// The port's `binding:vnic_type`.
    public var vnicType: String
    /// The device's address, Nova's `profile.pci_slot`.
    public var pciSlot: PCIAddress?
    public var pciRequestID: UUID?
    /// The VLAN written into the guest device (from `binding:vif_details.vlan`).
    public var vlan: Int?
    /// The VF netdev a macvtap sits on.
    public var sourceDevice: String?
    /// The tag given at attach (2.49+).
    public var tag: String?
    /// The `binding:profile` keys this service wrote, so unbinding removes exactly those.
    public var profileKeys: [String]
    /// The service created the port for the server's boot (`{"uuid": network}`): releasing
    /// the interface deletes the port instead of unbinding it (Nova's `preserve_on_delete`
    /// false). Nil in rows written before it existed: a port the user brought.
    public var portCreatedByCompute: Bool?

    public init(
        portID: String, serverID: UUID, networkID: String, macAddress: String, vnicType: String, pciSlot: PCIAddress?,
        pciRequestID: UUID?, vlan: Int?, sourceDevice: String?, tag: String?, profileKeys: [String], portCreatedByCompute: Bool? = nil
    ) {
        self.portID = portID
        self.serverID = serverID
        self.networkID = networkID
        self.macAddress = macAddress
        self.vnicType = vnicType
        self.pciSlot = pciSlot
        self.pciRequestID = pciRequestID
        self.vlan = vlan
        self.sourceDevice = sourceDevice
        self.tag = tag
        self.profileKeys = profileKeys
        self.portCreatedByCompute = portCreatedByCompute
    }
}
