import ComputeModel
import JSONModel

/// Nova's interface attachment view (`attach_interfaces.py`): the port seen from the
/// server, with `tag` from 2.70.
struct InterfaceView {
    let version: Microversion

    func view(_ attachment: InterfaceAttachment) -> JSON {
        var view: [String: JSON] = [
            "port_id": .string(attachment.portID), "net_id": .string(attachment.netID),
            "mac_addr": .string(attachment.macAddress), "port_state": .string(attachment.portState),
            // Neutron always lists fixed_ips, and Tempest's schemas require an array, so a
            // port without addresses shows `[]`.
            "fixed_ips": .array((attachment.fixedIPs ?? []).map { fixedIP in
                ["ip_address": .string(fixedIP.ipAddress), "subnet_id": .string(fixedIP.subnetID)]
            }),
        ]
        if version.supports(.v2(70)) { view["tag"] = .optional(attachment.tag) }
        return .object(view)
    }
}
