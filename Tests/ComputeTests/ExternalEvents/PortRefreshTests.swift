import EmbeddedNetwork
import Foundation
import NetworkModel
import PCI
import Store
import Testing

@testable import Compute
import ComputeModel

/// `network-changed`: the port is read again and compared with what the guest device was
/// built from; nothing is freed or rewritten on its word.
struct PortRefreshTests {
    static let neutron = RequestContext(userID: "neutron", projectID: "service", isAdmin: true, requestID: "req-neutron")

    static func vif(_ port: String, _ host: ComputeHost) async throws -> VirtualInterface? {
        try await host.database.read { db in try VIFRecords.fetch(portID: port, in: db) }
    }

    @Test func aPortAsPluggedIsUnchanged() async throws {
        let host = try await ComputeHost.make()
        defer { host.remove() }
        let (port, server) = try await host.serverWithAttachedPort()
        #expect(await host.manager.refreshPorts(port, serverID: server.id) == [.unchanged(port: port)])
        #expect(await host.manager.refreshPorts(nil, serverID: server.id) == [.unchanged(port: port)])
        #expect(await host.manager.refreshPorts("another-port", serverID: server.id) == [])
    }

    /// Neutron refuses a new MAC on a bound port (as the embedded network does), so a
    /// network that shows one anyway is simulated: the difference is reported, and the
    /// interface keeps what the guest device was built from.
    @Test func aNewMACIsReportedAndThePluggedOneKept() async throws {
        let host = try await ComputeHost.make()
        defer { host.remove() }
        let (port, server) = try await host.serverWithAttachedPort()
        let plugged = try #require(try await Self.vif(port, host))
        let renamed = host.with(network: PortReadingNetwork.newMAC(host.network, "fa:16:3e:00:00:99"))
        #expect(await renamed.refreshPorts(port, serverID: server.id)
            == [.differs(port: port, what: "MAC \(plugged.macAddress) → fa:16:3e:00:00:99")])
        #expect(try await Self.vif(port, host) == plugged)
    }

    @Test func aPortGoneOrMovedIsReportedAndTheDeviceKept() async throws {
        let host = try await ComputeHost.make()
        defer { host.remove() }
        let (port, server) = try await host.serverWithAttachedPort()
        _ = try await host.network.updatePort(id: port, PortUpdate(deviceID: "", deviceOwner: ""), caller: .admin)
        #expect(await host.manager.refreshPorts(port, serverID: server.id) == [.gone(port: port, why: "the port names device none")])
        try await host.network.deletePort(id: port, caller: .admin)
        #expect(await host.manager.refreshPorts(port, serverID: server.id) == [.gone(port: port, why: "the port no longer exists")])
        #expect(await host.vfStatus() == .allocated)
        #expect(try await Self.vif(port, host) != nil)
    }

    @Test func aNetworkThatCannotBeAskedIsReportedAsUnknown() async throws {
        let host = try await ComputeHost.make()
        defer { host.remove() }
        let (port, server) = try await host.serverWithAttachedPort()
        let deaf = host.with(network: PortReadingNetwork.unreachable(host.network))
        guard case .unknown(port, let error)? = await deaf.refreshPorts(port, serverID: server.id).first else {
            Issue.record("expected an unknown refresh")
            return
        }
        #expect(error.contains("could not be reached"))
        #expect(await host.vfStatus() == .allocated)
    }

    /// Through the events: taken, and the ledger is as it was.
    @Test func networkChangedAndPluggedEventsAreTakenAndChangeNothing() async throws {
        let host = try await ComputeHost.make()
        defer { host.remove() }
        let (port, server) = try await host.serverWithAttachedPort()
        let events = [ExternalEvent(serverID: server.id, name: .networkChanged, tag: port),
                      ExternalEvent(serverID: server.id, name: .networkVIFPlugged, tag: port),
                      ExternalEvent(serverID: server.id, name: .networkVIFDeleted)]
        #expect(try await host.manager.deliverExternalEvents(events, context: Self.neutron) == [.accepted, .accepted, .accepted])
        await host.manager.backgroundTasks.waitUntilIdle()
        #expect(await host.vfStatus() == .allocated)
        #expect(try await host.network.port(id: port).deviceID == server.id.uuidString.lowercased())
    }
}

