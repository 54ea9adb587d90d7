import JSONModel
import NetworkModel

extension Network {
    /// A network from Neutron's `{"network": {…}}`, with the provider attributes taken from
    /// the segment Nova would choose (see `ProviderSegments`).
    init(neutron json: JSON?) throws(NetworkError) {
        let fields = try NeutronFields("network", json)
        let id = try fields.required("id")
        let segment = try ProviderSegments(network: fields.object, networkID: id).chosen
        self.init(
            id: id, name: fields.string("name"),
            projectID: fields.optionalString("project_id") ?? fields.optionalString("tenant_id") ?? "",
            status: fields.optionalString("status") ?? "ACTIVE", adminStateUp: fields.bool("admin_state_up", default: true),
            shared: fields.bool("shared", default: false), mtu: fields.int("mtu") ?? 1500,
            networkType: segment.networkType, physicalNetwork: segment.physicalNetwork,
            segmentationID: segment.segmentationID, subnetIDs: fields.array("subnets").compactMap(\.stringValue),
            external: fields.bool("router:external", default: false), description: fields.string("description"),
            createdAt: fields.date("created_at"), updatedAt: fields.date("updated_at"),
            revisionNumber: fields.int("revision_number") ?? 0)
    }
}
