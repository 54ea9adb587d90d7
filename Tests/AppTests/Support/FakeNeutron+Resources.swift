import Foundation
import JSONModel

/// The resources and ML2's binding with sriovnicswitch (openstack-parts §1.5): `direct`
/// and `macvtap` bind to `hw_veb` only on a host whose agent maps the network's physnet,
/// `direct-physical` binds to `hostdev_physical` without an agent, anything else fails.
extension FakeNeutron {
    func showPort(_ id: String) throws -> (Int, JSON) {
        guard let port = ports[id] else { return Self.notFound("PortNotFound", "Port \(id) could not be found.") }
        return (200, ["port": port])
    }

    func listPorts(deviceID: String?, hostID: String? = nil) -> (Int, JSON) {
        let matching = ports.values.filter {
            (deviceID == nil || $0["device_id"]?.stringValue == deviceID) && (hostID == nil || $0["binding:host_id"]?.stringValue == hostID)
        }
        return (200, ["ports": .array(matching.sorted { ($0["id"]?.stringValue ?? "") < ($1["id"]?.stringValue ?? "") })])
    }

    func showNetwork(_ id: String) throws -> (Int, JSON) {
        guard let network = networks[id] else { return Self.notFound("NetworkNotFound", "Network \(id) could not be found.") }
        return (200, ["network": network])
    }

    func updatePort(_ id: String, _ update: JSONObject) throws -> (Int, JSON) {
        guard var port = ports[id]?.objectValue else { return Self.notFound("PortNotFound", "Port \(id) could not be found.") }
        for (key, value) in update {
            port[key] = key == "binding:host_id" && value == .null ? "" : value
        }
        let host = port["binding:host_id"]?.stringValue ?? ""
        let network = port["network_id"]?.stringValue.flatMap { networks[$0] }
        let (vifType, details) = Self.bind(vnic: port["binding:vnic_type"]?.stringValue ?? "normal", host: host,
                                           network: network, agents: agents)
        port["binding:vif_type"] = .string(vifType)
        port["binding:vif_details"] = details
        port["revision_number"] = .int((port["revision_number"]?.intValue ?? 0) + 1)
        ports[id] = .object(port)
        return (200, ["port": .object(port)])
    }

    static func bind(vnic: String, host: String, network: JSON?, agents: [String: Set<String>]) -> (String, JSON) {
        guard !host.isEmpty else { return ("unbound", [:]) }
        // ML2 binds to the first segment a driver can take: here, the first with a physnet.
        let segments = network?["segments"]?.arrayValue ?? network.map { [$0] } ?? []
        guard let segment = segments.first(where: { !($0["provider:physical_network"]?.stringValue ?? "").isEmpty }),
            let physnet = segment["provider:physical_network"]?.stringValue
        else { return ("binding_failed", [:]) }
        let vlan = JSON.string(String(segment["provider:segmentation_id"]?.intValue ?? 0))
        let details: JSON = ["port_filter": false, "connectivity": "l2", "vlan": vlan, "bound_drivers": ["0": "sriovnicswitch"]]
        switch vnic {
        case "direct-physical": return ("hostdev_physical", details)
        case "direct", "macvtap":
            return agents[host]?.contains(physnet) == true ? ("hw_veb", details) : ("binding_failed", [:])
        default: return ("binding_failed", [:])
        }
    }

    static func notFound(_ type: String, _ message: String) -> (Int, JSON) {
        (404, ["NeutronError": ["type": .string(type), "message": .string(message), "detail": ""]])
    }

    /// A VLAN provider network as Neutron shows it to an admin.
    static func vlanNetwork(id: String = UUID().uuidString.lowercased(), physnet: String = "physnet2", vlan: Int = 24) -> JSON {
        [
            "id": .string(id), "name": "sriov-net", "project_id": "admin", "tenant_id": "admin",
            "status": "ACTIVE", "admin_state_up": true, "shared": false, "mtu": 1500, "subnets": [],
            "provider:network_type": "vlan", "provider:physical_network": .string(physnet),
            "provider:segmentation_id": .int(vlan), "router:external": false,
        ]
    }
}
