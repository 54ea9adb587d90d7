import JSONModel
import NetworkModel
import PCI

extension Port {
    /// A port from Neutron's `{"port": {…}}` (or one entry of `{"ports": […]}`), as the
    /// admin sees it. `tenant_id` stands in for `project_id` on older Neutrons.
    init(neutron json: JSON?) throws(NetworkError) {
        let fields = try NeutronFields("port", json)
        let projectID = fields.optionalString("project_id") ?? fields.optionalString("tenant_id") ?? ""
        var fixedIPs: [FixedIP] = []
        for entry in fields.array("fixed_ips") {
            guard let subnetID = entry["subnet_id"]?.stringValue, let address = entry["ip_address"]?.stringValue else {
                throw .unavailable("Neutron's port has a fixed_ips entry without subnet_id and ip_address: \(entry.rendered)")
            }
            fixedIPs.append(FixedIP(subnetID: subnetID, ipAddress: address))
        }
        self.init(
            id: try fields.required("id"), name: fields.string("name"), networkID: try fields.required("network_id"),
            projectID: projectID, macAddress: try fields.required("mac_address"), fixedIPs: fixedIPs,
            status: try fields.required("status"), adminStateUp: fields.bool("admin_state_up", default: true),
            deviceID: fields.string("device_id"), deviceOwner: fields.string("device_owner"),
            bindingHostID: fields.string("binding:host_id"),
            vnicType: fields.optionalString("binding:vnic_type") ?? VNICType.normal.rawValue,
            bindingProfile: fields.dictionary("binding:profile"),
            vifType: fields.optionalString("binding:vif_type") ?? VIFType.unbound,
            vifDetails: fields.dictionary("binding:vif_details"),
            numaAffinityPolicy: fields.optionalString("numa_affinity_policy"),
            resourceRequest: fields.dictionary("resource_request"),
            description: fields.string("description"), createdAt: fields.date("created_at"),
            updatedAt: fields.date("updated_at"), revisionNumber: fields.int("revision_number") ?? 0)
    }
}

