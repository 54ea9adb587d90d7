import ComputeModel
import NetworkModel
import PCI
import Virt

/// Which guest device a port becomes (DESIGN §6): a VF as a hostdev interface (direct,
/// remote-managed), a macvtap on the VF's netdev, a whole PF as a PCI hostdev, a vDPA
/// device as a vhost-vdpa interface.
enum GuestDeviceBuilder {
    static func device(vnicType: VNICType, macAddress: String, vlan: Int?, device: PCIDevice) throws(ComputeError) -> GuestDevice {
        switch vnicType {
        case .direct, .remoteManaged:
            return .hostdevInterface(mac: macAddress, address: device.address, vlan: vlan)
        case .macvtap:
            guard let netdev = device.netdevName else {
                throw .macvtapWithoutNetdev(device.address)
            }
            return .macvtap(mac: macAddress, sourceDevice: netdev, vlan: vlan)
        case .directPhysical:
            return .hostdevPCI(address: device.address)
        case .vdpa:
            guard let path = vhostPath(ofVDPA: device.vdpaName) else {
                throw .vdpaWithoutDevice(device.address)
            }
            return .vdpa(mac: macAddress, devicePath: path)
        default:
            throw .vnicTypeUnsupported(vnicType.rawValue)
        }
    }

    /// `/dev/vhost-vdpa-N`, the guest's side of the vDPA device `vdpaN`.
    static func vhostPath(ofVDPA name: String?) -> String? {
        guard let name, let number = Int(name.drop { !$0.isNumber }) else { return nil }
        return "/dev/vhost-vdpa-\(number)"
    }

    /// The VLAN the binding reported (`binding:vif_details.vlan`), which Nova writes into
    /// the interface XML when it is truthy.
    static func vlan(of port: NetworkPort) -> Int? {
        switch port.vifDetails["vlan"] {
        case .string(let text)?: Int(text).flatMap { $0 > 0 ? $0 : nil }
        case .int(let number)?: number > 0 ? number : nil
        default: nil
        }
    }
}
