import Compute
import ComputeModel
import Foundation
import HostInventory
import PCI
import Store
import TestSupport
import Virt
import Testing

/// Two compute hosts of one cloud without HTTP: one database and one network (in the
/// cluster's folder), each host with its own fake sysfs, simulated hypervisor, tracker and
/// `ComputeManager`. Both hosts' devices have the same PCI addresses, as identical machines
/// do: a host that read the other's rows would mistake them for its own.
struct ComputeCluster: Sendable {
    static let names = ["compute0", "compute1"]

    let directory: String
    let hosts: [ComputeHost]

    static func make(vfs: Int = 2) async throws -> ComputeCluster {
        let directory = try TemporaryDirectory(prefix: "sriov-cluster").path
        let shared = try await ComputeHost.sharedParts(directory, hosts: names)
        var hosts: [ComputeHost] = []
        for name in names {
            let folder = directory + "/" + name
            try FakeSysfsWriter(layout: FakeHostLayout(pfCount: 1, vfsPerPF: vfs, numaNodes: 1, sockets: 1)).write(to: folder + "/sys")
            let host = try await ComputeHost.open(folder, detachPolicy: DetachPolicy(timeout: .milliseconds(200), attempts: 1), name: name,
                                                  cluster: shared)
            try await host.manager.register(peerURL: "http://\(name):8774")
            hosts.append(host)
        }
        return ComputeCluster(directory: directory, hosts: hosts)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: directory)
    }

    var database: any ComputeStore { hosts[0].database }

    /// `host`'s journal rows still open or quarantined, oldest first.
    func unfinished(of host: String) async throws -> [JournalEntry] {
        try await database.read { db in try JournalRecords.unfinished(host: host, in: db) }
    }

    /// `host`'s device rows as the database holds them.
    func deviceRows(of host: String) async throws -> [PCIDevice] {
        try await database.read { db in try PCIDeviceRecords.fetchAll(host: host, in: db) }
    }
}

extension ComputeHost {
    /// A detach of `port` cut by a kill right after it wrote its journal row: the row open,
    /// the device still allocated, the guest and the port still holding it.
    func detachCutByAKill(_ port: String, server: UUID) async throws {
        let interface = try #require(try await database.read { db in try VIFRecords.fetch(portID: port, in: db) })
        let request = try await database.read { db in try PCIRequestRecords.fetchAll(serverID: server, in: db) }
            .first { $0.requestID == interface.pciRequestID }
        let plan = ReleasePlan(interface: interface, request: request, guestMayHoldDevice: true, portMayBeBound: true)
        let row = JournalEntry(kind: .detach, serverID: server, portID: port, step: "detaching", requestID: "req-killed-" + name, plan: plan)
        try await database.write { db in try JournalRecords.save(row, in: db) }
    }

    /// A detach the guest ignored: the device quarantined, its journal row waiting for a retry.
    func detachIgnoredByTheGuest(_ port: String, server: UUID) async throws {
        await hypervisor.ignoreUnplug(in: server)
        try await manager.detachInterface(port, from: server, context: Self.admin)
        await manager.backgroundTasks.waitUntilIdle()
    }
}
