import ComputeModel
import Foundation
import JSONModel

/// One `os-hypervisors` entry: a host's hypervisor as Nova's libvirt driver reports it
/// (`hypervisor_type` QEMU), its id the service's (one hypervisor per host). This service
/// does not account CPU, memory or disk: before 2.88, which removed those fields from Nova,
/// they are 0 (`running_vms` counts the host's servers). From 2.88 the detail adds
/// `pci_pools`, the host's devices in Nova's pools (vendor, product, type, physnet, NUMA
/// node) with how many it has and how many are free: a field of this service, shown only
/// where Tempest's schemas (which refuse unknown fields up to 2.87) no longer apply.
struct HypervisorView {
    let version: Microversion

    static let hypervisorType = "QEMU"

    func summary(_ hypervisor: HypervisorSummary, withServers: Bool = false) -> JSON {
        .object(fields(hypervisor, detail: false, withServers: withServers))
    }

    func detail(_ hypervisor: HypervisorSummary, withServers: Bool = false) -> JSON {
        .object(fields(hypervisor, detail: true, withServers: withServers))
    }

    private func fields(_ hypervisor: HypervisorSummary, detail: Bool, withServers: Bool) -> [String: JSON] {
        let host = hypervisor.status.host
        var view: [String: JSON] = [
            "id": ServiceID.json(of: host, version: version),
            "hypervisor_hostname": .string(host.name),
            "state": .string(hypervisor.status.isUp ? "up" : "down"),
            "status": .string(host.disabled ? "disabled" : "enabled"),
        ]
        if detail {
            view["hypervisor_type"] = .string(Self.hypervisorType)
            // Not recorded per host; Nova's field is an integer.
            view["hypervisor_version"] = .int(0)
            view["host_ip"] = .string(Self.hostIP(host))
            view["service"] = [
                "id": ServiceID.json(of: host, version: version), "host": .string(host.name),
                "disabled_reason": .optional(host.disabledReason),
            ]
            if version.supports(.v2(88)) {
                // Nova answers null where the driver cannot say.
                view["uptime"] = .null
                view["pci_pools"] = .array(hypervisor.pciPools.map(Self.pool))
            } else {
                for field in ["vcpus", "memory_mb", "local_gb", "vcpus_used", "memory_mb_used", "local_gb_used", "free_ram_mb",
                              "free_disk_gb", "current_workload"] {
                    view[field] = .int(0)
                }
                view["running_vms"] = .int(hypervisor.servers.count)
                view["disk_available_least"] = .int(0)
                view["cpu_info"] = version.supports(.v2(28)) ? .object([:]) : .string("{}")
            }
        }
        if !hypervisor.servers.isEmpty, withServers {
            view["servers"] = .array(hypervisor.servers.map { ["name": .string($0.name), "uuid": .string($0.id.lowercasedString)] })
        } else if withServers, version.supports(.v2(75)) {
            view["servers"] = []
        }
        return view
    }

    /// The host part of the host's peer URL when it is an address (Nova's `my_ip`);
    /// otherwise the unspecified address: this service does not record one.
    static func hostIP(_ host: ComputeHost) -> String {
        guard let text = host.peerURL, let name = URLComponents(string: text)?.host else { return "0.0.0.0" }
        let bare = name.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return SchemaFormat.ipv4.accepts(bare) || SchemaFormat.ipv6.accepts(bare) ? bare : "0.0.0.0"
    }

    static func pool(_ pool: PCIPoolSummary) -> JSON {
        [
            "vendor_id": .string(pool.vendorID), "product_id": .string(pool.productID), "dev_type": .string(pool.deviceType.rawValue),
            "physical_network": .optional(pool.physicalNetwork), "numa_node": pool.numaNode.map(JSON.int) ?? .null,
            "total": .int(pool.total), "free": .int(pool.free),
        ]
    }
}
