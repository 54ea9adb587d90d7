import APICore
import EmbeddedNetwork
import NetworkModel

/// A port as Neutron shows it. `binding:host_id`, `binding:profile`, `binding:vif_type`
/// and `binding:vif_details` are admin-only (Neutron's `get_port:binding:*` policies);
/// `binding:vnic_type` is the owner's to see and set.
enum PortView {
    static func render(_ port: Port, caller: NetworkCaller) -> [String: JSON] {
        var object: [String: JSON] = [
            "id": .string(port.id),
            "name": .string(port.name),
            "network_id": .string(port.networkID),
            "tenant_id": .string(port.projectID),
            "project_id": .string(port.projectID),
            "mac_address": .string(port.macAddress),
            "fixed_ips": .array(
                port.fixedIPs.map { ["subnet_id": .string($0.subnetID), "ip_address": .string($0.ipAddress)] }),
            "status": .string(port.status),
            "admin_state_up": .bool(port.adminStateUp),
            "device_id": .string(port.deviceID),
            "device_owner": .string(port.deviceOwner),
            "binding:vnic_type": .string(port.vnicType),
            "numa_affinity_policy": .optional(port.numaAffinityPolicy),
            "security_groups": [],
            "allowed_address_pairs": [],
            "description": .string(port.description),
            "tags": [],
            "created_at": .string(Timestamp.render(port.createdAt)),
            "updated_at": .string(Timestamp.render(port.updatedAt)),
            "revision_number": .int(port.revisionNumber),
        ]
        if caller.isAdmin {
            object["binding:host_id"] = .string(port.bindingHostID)
            object["binding:profile"] = .object(port.bindingProfile)
            object["binding:vif_type"] = .string(port.vifType)
            object["binding:vif_details"] = .object(port.vifDetails)
        }
        return object
    }
}
