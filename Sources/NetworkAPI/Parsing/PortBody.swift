import APICore
import EmbeddedNetwork
import NetworkModel

/// `{"port": {...}}` → `PortCreate` / `PortUpdate`.
enum PortBody {
    static let generated: Set<String> = [
        "status", "binding:vif_type", "binding:vif_details", "created_at", "updated_at", "revision_number",
    ]
    static let settable: Set<String> = [
        "name", "mac_address", "fixed_ips", "admin_state_up", "device_id", "device_owner", "binding:vnic_type",
        "binding:host_id", "binding:profile", "numa_affinity_policy", "description", "security_groups",
    ]

    static func create(_ body: Result<JSON?, JSONBodyError>) throws(NetworkFault) -> PortCreate {
        let attributes = try ResourceBody.parse(
            body, resource: "port",
            schema: .init(allowed: settable.union(["network_id", "tenant_id", "project_id"]), readOnly: generated.union(["id"])),
            method: .post)
        try checkSecurityGroups(attributes)
        // `null` host or profile is the same as leaving them out.
        var profile: [String: JSON]?
        if attributes.value("binding:profile") != nil { profile = try attributes.object("binding:profile") }
        return PortCreate(
            networkID: try attributes.requiredString("network_id"),
            name: try attributes.string("name") ?? "", projectID: try attributes.projectID(),
            macAddress: try attributes.string("mac_address"), fixedIPs: try fixedIPs(attributes),
            adminStateUp: try attributes.bool("admin_state_up") ?? true,
            deviceID: try attributes.string("device_id") ?? "", deviceOwner: try attributes.string("device_owner") ?? "",
            vnicType: try attributes.string("binding:vnic_type") ?? "normal",
            bindingHostID: try attributes.string("binding:host_id"),
            bindingProfile: profile,
            numaAffinityPolicy: try attributes.string("numa_affinity_policy"),
            description: try attributes.string("description") ?? "")
    }

    /// Nova's unbind sends `binding:host_id: null`: that clears the host, like `""`.
    static func update(_ body: Result<JSON?, JSONBodyError>) throws(NetworkFault) -> PortUpdate {
        let attributes = try ResourceBody.parse(
            body, resource: "port",
            schema: .init(
                allowed: settable, readOnly: generated.union(["id", "network_id", "tenant_id", "project_id"])),
            method: .put)
        try checkSecurityGroups(attributes)
        var numaPolicy: String?? = .none
        if attributes.has("numa_affinity_policy") { numaPolicy = .some(try attributes.string("numa_affinity_policy")) }
        var host: String?
        if attributes.has("binding:host_id") { host = try attributes.string("binding:host_id") ?? "" }
        return PortUpdate(
            name: try attributes.string("name"), macAddress: try attributes.string("mac_address"),
            fixedIPs: try fixedIPs(attributes), adminStateUp: try attributes.bool("admin_state_up"),
            deviceID: try attributes.string("device_id"), deviceOwner: try attributes.string("device_owner"),
            vnicType: try attributes.string("binding:vnic_type"),
            bindingHostID: host,
            bindingProfile: try attributes.object("binding:profile"), numaAffinityPolicy: numaPolicy,
            description: try attributes.string("description"))
    }

    /// `[{"subnet_id": …}, {"ip_address": …}, {"subnet_id": …, "ip_address": …}]`.
    private static func fixedIPs(_ attributes: ResourceBody) throws(NetworkFault) -> [FixedIPRequest]? {
        guard let value = attributes.value("fixed_ips") else { return nil }
        guard let items = value.arrayValue else {
            throw .invalidAttribute("fixed_ips", reason: "\(ResourceBody.show(value)) is not a list")
        }
        var requests: [FixedIPRequest] = []
        for item in items {
            guard let object = item.objectValue, !object.isEmpty,
                object.keys.allSatisfy({ $0 == "subnet_id" || $0 == "ip_address" }),
                object.values.allSatisfy({ $0.stringValue != nil })
            else {
                throw .invalidAttribute("fixed_ips", reason: "Invalid data format for fixed IP: '\(item.rendered)'")
            }
            requests.append(FixedIPRequest(subnetID: object["subnet_id"]?.stringValue, ipAddress: object["ip_address"]?.stringValue))
        }
        return requests
    }

    /// There are no security groups here: `[]` is accepted (and shown), any id does not exist.
    private static func checkSecurityGroups(_ attributes: ResourceBody) throws(NetworkFault) {
        guard let groups = try attributes.stringList("security_groups"), let first = groups.first else { return }
        throw NetworkFault(.notFound, type: "SecurityGroupNotFound", message: "Security group \(first) does not exist")
    }
}
