import ComputeModel
import Foundation
import PCI
import Store

/// `os-hypervisors`: one hypervisor per host, from the shared database (each host writes
/// its own device rows, any host reads them all).
extension ComputeManager {
    public func hypervisors(context: RequestContext) async throws(ComputeError) -> [HypervisorSummary] {
        try requireAdmin(context, "os_compute_api:os-hypervisors:list")
        let rows = try await read { db in
            let devices = try PCIDeviceRecords.fetchAllByHost(in: db)
            return try ServiceRecords.fetchAll(in: db).map { host in
                (host, try ServerRecords.names(host: host.name, in: db), devices[host.name] ?? [])
            }
        }
        let now = Date()
        return rows.map { host, servers, devices in
            HypervisorSummary(status: status(of: host, at: now), servers: servers.map { HypervisorSummary.HostedServer(id: $0.id, name: $0.name) },
                              pciPools: PCIPoolSummary.pools(of: devices))
        }
    }
}
