import Foundation
import JSONModel
import Testing

/// A port deleted while a server uses it, end to end: with the embedded network the
/// network itself tells the compute service (as Neutron's Nova notifier does); with
/// Neutron the event comes through `POST /os-server-external-events`.
@Suite(.serialized)
struct PortDeletedEventTests {
    static let pf = "0000:01:00.0"
    static let vf = "0000:02:00.0"
    static let free = [pf: "available", vf: "available"]

    /// `openstack port delete` of an attached `direct` port on the embedded network: the
    /// VF is back in the pool, the interface list no longer shows it, and the server's
    /// actions show the detach the network's event caused.
    @Test func deletingAnAttachedPortInTheEmbeddedNetworkFreesItsVF() async throws {
        let harness = try await ServiceHarness.make()
        try await harness.run { api in
            let net = try await api.createNetwork()
            let port = try await api.createPort(network: net, vnicType: "direct")
            let server = try await api.boot(ports: [port])
            #expect(try await api.pciStatuses() == [Self.vf: "allocated", Self.pf: "unavailable"])

            #expect(try await api.call(.delete, "/v2.0/ports/\(port)").status == 204)
            await harness.service.manager.backgroundTasks.waitUntilIdle()
            #expect(try await api.pciStatuses() == Self.free)
            #expect(try await api.interfacePortIDs(server) == [])
            let detach = try #require(try await api.actions(server).first { $0["action"] == "detach_interface" })
            #expect(detach["user_id"] == "sriov-compute")
            let requestID = try #require(detach["request_id"]?.stringValue)
            let events = try #require(try await api.action(server, requestID: requestID)?["events"]?.arrayValue)
            #expect(events.map { $0["event"] } == ["compute_detach_interface"])
            #expect(events.first?["result"] == "Success")
        }
    }

    /// A port nobody attached is deleted without telling anyone, and a port of another
    /// server's device_id that is not a server of ours changes nothing.
    @Test func deletingAPortNoServerUsesChangesNothing() async throws {
        let harness = try await ServiceHarness.make()
        try await harness.run { api in
            let net = try await api.createNetwork()
            let attached = try await api.createPort(network: net, vnicType: "direct")
            let server = try await api.boot(ports: [attached])
            let loose = try await api.createPort(network: net, vnicType: "direct")
            #expect(try await api.call(.delete, "/v2.0/ports/\(loose)").status == 204)
            await harness.service.manager.backgroundTasks.waitUntilIdle()
            #expect(try await api.pciStatuses() == [Self.vf: "allocated", Self.pf: "unavailable"])
            #expect(try await api.interfacePortIDs(server) == [attached])
        }
    }

    /// With Neutron: the port is gone from Neutron (its PortNotFound answers the unbind's
    /// read), Neutron's notifier posts the event, and the VF comes back.
    @Test func neutronsEventFreesTheVFOfAPortItDeleted() async throws {
        try await FakeNeutron.run { neutron, neutronPort in
            let portID = await neutron.directPortOnMappedVLAN()
            let harness = try await ServiceHarness.make(neutronURL: "http://127.0.0.1:\(neutronPort)")
            try await harness.run { api in
                let server = try await api.boot()
                #expect(try await api.attach(server, port: portID).status == 200)
                await neutron.removePort(portID)
                let reply = try await api.call(.post, "/v2.1/os-server-external-events", ["events": [
                    ["server_uuid": .string(server), "name": "network-vif-deleted", "tag": .string(portID), "status": "completed"],
                ]])
                #expect(reply.status == 200)
                #expect(reply.json == ["events": [["server_uuid": .string(server), "name": "network-vif-deleted",
                                                   "tag": .string(portID), "status": "completed", "code": 200]]])
                await harness.service.manager.backgroundTasks.waitUntilIdle()
                #expect(try await api.pciStatuses() == Self.free)
                #expect(try await api.interfacePortIDs(server) == [])
            }
        }
    }

    /// A detach that cannot be confirmed keeps the VF quarantined after the port is gone;
    /// the pool does not get it back on hope.
    @Test func aGuestThatDoesNotLetGoKeepsTheVFQuarantined() async throws {
        let harness = try await ServiceHarness.make()
        try await harness.run { api in
            let net = try await api.createNetwork()
            let port = try await api.createPort(network: net, vnicType: "direct")
            let server = try await api.boot(ports: [port])
            try await api.simulator().ignoreUnplug(in: UUID(uuidString: server)!)
            #expect(try await api.call(.delete, "/v2.0/ports/\(port)").status == 204)
            await harness.service.manager.backgroundTasks.waitUntilIdle()
            #expect(try await api.pciStatuses()[Self.vf] == "quarantined")
            #expect(try await api.interfacePortIDs(server) == [])
        }
    }
}
