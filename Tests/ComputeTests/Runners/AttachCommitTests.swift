import Compute
import ComputeModel
import Foundation
import NetworkModel
import PCI
import Store
import Testing

/// The attach's commit writes without reading the server first: the database refuses the
/// interface of a server that is gone (its rows reference the server), and the attach
/// fails and is undone as it was when the commit read the server first, naming it.
struct AttachCommitTests {
    @Test func anAttachWhoseServerRowVanishesBeforeItsCommitFailsNamingItAndIsUndone() async throws {
        let host = try await ComputeHost.make()
        defer { host.remove() }
        let port = try await host.directPort()
        let server = try await host.boot()
        let database = host.database
        // The server's row goes once the port is bound, between the claim and the commit.
        let manager = host.with(network: AfterBindNetwork(base: host.network) {
            try await database.write { db in try ServerRecords.delete(server.id, in: db) }
        })
        await #expect(throws: ComputeError.attachRecordFailed(port: port, cause: "\(StoreError.missing("server \(server.id)"))")) {
            try await manager.attachInterface(AttachInterfaceRequest(portID: port), to: server.id, context: ComputeHost.admin)
        }
        #expect(await host.vfStatus() == .available)
        let unbound = try await host.network.port(id: port)
        #expect(unbound.deviceID == "" && unbound.bindingProfile.isEmpty)
        let (states, interfaces, requests) = try await host.database.read { db in
            (try db.executor.query("SELECT state FROM journal", []) { row in try row.string(0) },
             try VIFRecords.fetchAll(in: db), try PCIRequestRecords.fetchAll(serverID: server.id, in: db))
        }
        #expect(states == ["rolled_back"])
        #expect(interfaces.isEmpty && requests.isEmpty)
    }
}

/// The embedded network, running `afterBind` once a bind has succeeded.
private struct AfterBindNetwork: NetworkService {
    let base: any NetworkService
    let afterBind: @Sendable () async throws -> Void

    func port(id: String) async throws(NetworkError) -> NetworkModel.Port { try await base.port(id: id) }
    func network(id: String) async throws(NetworkError) -> Network { try await base.network(id: id) }
    func ports(deviceID: String) async throws(NetworkError) -> [NetworkModel.Port] { try await base.ports(deviceID: deviceID) }
    func ports(boundToHost host: String) async throws(NetworkError) -> [NetworkModel.Port] { try await base.ports(boundToHost: host) }
    func bindPort(_ id: String, _ binding: PortBinding) async throws(NetworkError) -> NetworkModel.Port {
        let bound = try await base.bindPort(id, binding)
        do {
            try await afterBind()
        } catch {
            throw .unavailable("the test's hook failed: \(error)")
        }
        return bound
    }
    func unbindPort(_ id: String, removingProfileKeys keys: [String]) async throws(NetworkError) -> NetworkModel.Port {
        try await base.unbindPort(id, removingProfileKeys: keys)
    }
    func createPort(networkID: String, projectID: String, deviceID: String, fixedIP: String?) async throws(NetworkError) -> NetworkModel.Port {
        try await base.createPort(networkID: networkID, projectID: projectID, deviceID: deviceID, fixedIP: fixedIP)
    }
    func deletePort(_ id: String) async throws(NetworkError) { try await base.deletePort(id) }
}
