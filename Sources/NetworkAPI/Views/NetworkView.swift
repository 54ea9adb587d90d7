import APICore
import EmbeddedNetwork
import NetworkModel

/// A network as Neutron shows it. `provider:*` are admin-only attributes (Neutron's
/// `get_network:provider:*` policy): a non-admin does not see them.
enum NetworkView {
    static func render(_ network: Network, caller: NetworkCaller) -> [String: JSON] {
        var object: [String: JSON] = [
            "id": .string(network.id),
            "name": .string(network.name),
            "tenant_id": .string(network.projectID),
            "project_id": .string(network.projectID),
            "status": .string(network.status),
            "admin_state_up": .bool(network.adminStateUp),
            "shared": .bool(network.shared),
            "router:external": .bool(network.external),
            "mtu": .int(network.mtu),
            "subnets": .array(network.subnetIDs.map(JSON.string)),
            "description": .string(network.description),
            "tags": [],
            "created_at": .string(Timestamp.render(network.createdAt)),
            "updated_at": .string(Timestamp.render(network.updatedAt)),
            "revision_number": .int(network.revisionNumber),
        ]
        if caller.isAdmin {
            object["provider:network_type"] = .optional(network.networkType)
            object["provider:physical_network"] = .optional(network.physicalNetwork)
            object["provider:segmentation_id"] = network.segmentationID.map(JSON.int) ?? .null
        }
        return object
    }
}
