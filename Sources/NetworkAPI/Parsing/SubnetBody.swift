import APICore
import EmbeddedNetwork
import NetworkModel

/// `{"subnet": {...}}` → `SubnetCreate` / `SubnetUpdate`.
enum SubnetBody {
    static let generated: Set<String> = ["created_at", "updated_at", "revision_number"]
    /// Attributes that move addresses under allocated ports: settable at creation only.
    static let fixedAfterCreate: Set<String> = ["gateway_ip", "allocation_pools"]

    static func create(_ body: Result<JSON?, JSONBodyError>) throws(NetworkFault) -> SubnetCreate {
        let attributes = try ResourceBody.parse(
            body, resource: "subnet",
            schema: .init(
                allowed: ["name", "network_id", "tenant_id", "project_id", "ip_version", "cidr", "gateway_ip",
                    "allocation_pools", "enable_dhcp", "dns_nameservers", "description"],
                readOnly: generated.union(["id"])),
            method: .post)
        let networkID = try attributes.requiredString("network_id")
        guard let ipVersion = try attributes.int("ip_version") else { throw .required("ip_version") }
        let cidr = try attributes.requiredString("cidr")
        let gateway: SubnetCreate.Gateway
        if !attributes.has("gateway_ip") {
            gateway = .automatic
        } else if let address = try attributes.string("gateway_ip") {
            gateway = .address(address)
        } else {
            gateway = .none
        }
        return SubnetCreate(
            networkID: networkID, name: try attributes.string("name") ?? "",
            projectID: try attributes.projectID(), ipVersion: ipVersion, cidr: cidr, gateway: gateway,
            allocationPools: try pools(attributes), enableDHCP: try attributes.bool("enable_dhcp") ?? true,
            dnsNameservers: try attributes.stringList("dns_nameservers") ?? [],
            description: try attributes.string("description") ?? "")
    }

    static func update(_ body: Result<JSON?, JSONBodyError>) throws(NetworkFault) -> SubnetUpdate {
        let attributes = try ResourceBody.parse(
            body, resource: "subnet",
            schema: .init(
                allowed: Set(["name", "enable_dhcp", "dns_nameservers", "description"]).union(fixedAfterCreate),
                readOnly: generated.union(["id", "network_id", "tenant_id", "project_id", "ip_version", "cidr"])),
            method: .put)
        if let key = fixedAfterCreate.sorted().first(where: attributes.has) {
            throw .invalidInput("the embedded network service cannot change \(key) of an existing subnet")
        }
        return SubnetUpdate(
            name: try attributes.string("name"), enableDHCP: try attributes.bool("enable_dhcp"),
            dnsNameservers: try attributes.stringList("dns_nameservers"),
            description: try attributes.string("description"))
    }

    /// `[{"start": "10.0.0.10", "end": "10.0.0.20"}]`.
    private static func pools(_ attributes: ResourceBody) throws(NetworkFault) -> [AllocationPool]? {
        guard let value = attributes.value("allocation_pools") else { return nil }
        guard let items = value.arrayValue else {
            throw .invalidAttribute("allocation_pools", reason: "\(ResourceBody.show(value)) is not a list")
        }
        var pools: [AllocationPool] = []
        for item in items {
            guard let object = item.objectValue, Set(object.keys) == ["start", "end"],
                let start = object["start"]?.stringValue, let end = object["end"]?.stringValue
            else {
                throw .invalidAttribute("allocation_pools", reason: "Invalid data format for IP pool: '\(item.rendered)'")
            }
            pools.append(AllocationPool(start: start, end: end))
        }
        return pools
    }
}
