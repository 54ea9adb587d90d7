import Foundation
import PCI

/// What taking a device back from a server still needs, written to the journal before the
/// side effect it undoes (issue 11): the interface as the ledger records (or would record)
/// it, the PCI request it was claimed for, and which of the guest and the port may still
/// hold it. Each confirmed step clears its flag, so a retry or a restart runs only what is
/// left.
public struct ReleasePlan: Sendable, Hashable, Codable {
    /// Port, slot, MAC, VLAN, profile keys: what finds the guest device and unbinds the port.
    public var interface: VirtualInterface
    /// Recorded with the interface when the device ends quarantined.
    public var request: PCIRequest?
    /// A plug was asked for (or done): the guest must be seen to let go.
    public var guestMayHoldDevice: Bool
    /// The bind update may have reached the network: the port must be seen unbound.
    public var portMayBeBound: Bool

    public init(interface: VirtualInterface, request: PCIRequest?, guestMayHoldDevice: Bool, portMayBeBound: Bool) {
        self.interface = interface
        self.request = request
        self.guestMayHoldDevice = guestMayHoldDevice
        self.portMayBeBound = portMayBeBound
    }

    public var serverID: UUID { interface.serverID }
    public var portID: String { interface.portID }
    public var slot: PCIAddress? { interface.pciSlot }
}
