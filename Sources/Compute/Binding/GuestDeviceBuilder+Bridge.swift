import ComputeModel
import JSONModel
import NetworkModel
import Store
import Virt

/// A `normal` (virtio) port's guest interface, from the vif type its binding chose — as
/// Nova's libvirt driver builds a VIFBridge or a VIFOpenVSwitch (nova/network/neutron.py
/// `_nw_info_build_network`, nova/virt/libvirt/vif.py).
extension GuestDeviceBuilder {
    /// Nova's `NIC_NAME_LEN`: a tap is `tap` + the port id, cut to 14 characters.
    static let tapNameLength = 14

    /// `tap` + the port id, 14 characters (Nova's `get_vif_devname`).
    static func tapName(ofPort portID: String) -> String {
        String(("tap" + portID).prefix(tapNameLength))
    }

    /// The bound port as a bridge interface: `bridge` → the Linux bridge `vif_details`
    /// names (Neutron's old `brq` + network id without one); `ovs` → the integration
    /// bridge (`bridge_name`, `br-int` by default) with the port id as the Open vSwitch
    /// interface id. A hybrid OVS plug (a `qbr` bridge and a veth pair that os-vif makes)
    /// and every other vif type are refused, naming the vif type.
    static func bridgeDevice(for port: NetworkPort) throws(ComputeError) -> GuestDevice {
        let bridgeName = port.vifDetails["bridge_name"]?.stringValue
        switch port.vifType {
        case VIFType.bridge:
            let bridge = bridgeName ?? "brq" + port.networkID
            return .bridge(mac: port.macAddress, bridge: String(bridge.prefix(tapNameLength)), tap: tapName(ofPort: port.id),
                           openVSwitchInterfaceID: nil)
        case VIFType.ovs:
            if port.vifDetails["ovs_hybrid_plug"]?.boolValue == true {
                throw .vifTypeUnpluggable(
                    port: port.id, vifType: port.vifType,
                    reason: "ovs_hybrid_plug needs a qbr bridge and a veth pair that only os-vif makes; use a firewall driver without hybrid plug (openvswitch or noop)")
            }
            return .bridge(mac: port.macAddress, bridge: String((bridgeName ?? "br-int").prefix(tapNameLength)),
                           tap: tapName(ofPort: port.id), openVSwitchInterfaceID: port.id)
        default:
            throw .vifTypeUnpluggable(port: port.id, vifType: port.vifType,
                                      reason: "a normal port is plugged as 'bridge' or 'ovs'")
        }
    }

    /// The interface the ledger recorded for a normal port, as detach finds it: by its MAC
    /// (`DeviceIdentity`). A journal row written before the bind has no bridge yet
    /// (`sourceDevice` is set once the interface is plugged), and needs none to find it.
    static func bridgeDevice(recorded interface: VirtualInterface) -> GuestDevice {
        .bridge(mac: interface.macAddress, bridge: interface.sourceDevice ?? "", tap: tapName(ofPort: interface.portID),
                openVSwitchInterfaceID: nil)
    }
}
