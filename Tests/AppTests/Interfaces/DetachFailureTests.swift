import Foundation
import JSONModel
import Testing
import Virt

/// A detach the guest does not complete never frees the device early.
struct DetachFailureTests {
    @Test func guestThatNeverLetsGoLeavesTheDeviceQuarantinedAndOwned() async throws {
        let harness = try await ServiceHarness.make(detachTimeout: .milliseconds(100), detachAttempts: 2)
        try await harness.run { api in
            let net = try await api.createNetwork()
            let port = try await api.createPort(network: net, vnicType: "direct")
            let server = try await api.boot(ports: [port])
            try await api.simulator().ignoreUnplug(in: try #require(UUID(uuidString: server)))
            let reply = try await api.detach(server, port: port)
            #expect(reply.status == 202)
            #expect(try await api.pciStatuses() == ["0000:02:00.0": "quarantined", "0000:01:00.0": "unavailable"])
            let device = try #require(await api.service.manager.tracker.device(at: .init("0000:02:00.0")!))
            #expect(device.instanceUUID?.uuidString.lowercased() == server)
            #expect(device.quarantineReason?.contains("did not release the device after 2 attempts") == true)
            // The port stays bound and listed; the server state does not change.
            #expect(try await api.port(port)["binding:host_id"] == "compute0")
            #expect(try await api.interfacePortIDs(server) == [port])
            #expect(try await api.server(server)["status"] == "ACTIVE")
            let request = try #require(reply.headers[.init("x-openstack-request-id")!])
            let event = try #require(try await api.action(server, requestID: request)?["events"]?.arrayValue?.first)
            #expect(event["result"] == "Error")
            // Another port cannot get the quarantined VF.
            let other = try await api.createPort(network: net, vnicType: "direct")
            #expect(try await api.attach(server, port: other).status == 400)
        }
    }

    @Test func guestThatRefusesKeepsTheDeviceAllocated() async throws {
        let harness = try await ServiceHarness.make()
        try await harness.run { api in
            let net = try await api.createNetwork()
            let port = try await api.createPort(network: net, vnicType: "macvtap")
            let server = try await api.boot(ports: [port])
            try await api.simulator().failRemoval(in: try #require(UUID(uuidString: server)))
            #expect(try await api.detach(server, port: port).status == 202)
            #expect(try await api.pciStatuses()["0000:02:00.0"] == "allocated")
            #expect(try await api.interfacePortIDs(server) == [port])
            // Once the guest cooperates, detaching again works.
            try await api.simulator().failRemoval(in: try #require(UUID(uuidString: server)), false)
            #expect(try await api.detach(server, port: port).status == 202)
            #expect(try await api.pciStatuses()["0000:02:00.0"] == "available")
            #expect(try await api.interfacePortIDs(server) == [])
        }
    }

    @Test func pausedGuestCannotReleaseButAStoppedOneDetachesFromItsConfig() async throws {
        let harness = try await ServiceHarness.make(detachTimeout: .milliseconds(80), detachAttempts: 1)
        try await harness.run { api in
            let net = try await api.createNetwork()
            let port = try await api.createPort(network: net, vnicType: "direct")
            let server = try await api.boot(ports: [port])
            #expect(try await api.call(.post, "/v2.1/servers/\(server)/action", ["pause": .null]).status == 202)
            #expect(try await api.detach(server, port: port).status == 202)
            #expect(try await api.pciStatuses()["0000:02:00.0"] == "quarantined")
            #expect(try await api.call(.post, "/v2.1/servers/\(server)/action", ["os-stop": .null]).status == 202)
            #expect(try await api.detach(server, port: port).status == 202)
            #expect(try await api.pciStatuses()["0000:02:00.0"] == "available")
            #expect(try await api.port(port)["binding:host_id"] == "")
        }
    }

    @Test func portDeletedInTheNetworkStillDetachesAndFrees() async throws {
        let harness = try await ServiceHarness.make()
        try await harness.run { api in
            let net = try await api.createNetwork()
            let port = try await api.createPort(network: net, vnicType: "direct")
            let server = try await api.boot(ports: [port])
            #expect(try await api.call(.delete, "/v2.0/ports/\(port)").status == 204)
            // The embedded network tells the service (network-vif-deleted, as Neutron's
            // notifier does): its detach finds no port to unbind and goes on to the free.
            await harness.service.manager.backgroundTasks.waitUntilIdle()
            #expect(try await api.pciStatuses().values.allSatisfy { $0 == "available" })
            #expect(try await api.interfacePortIDs(server) == [])
            // A detach asked afterwards finds nothing left to detach.
            #expect(try await api.detach(server, port: port).status == 404)
        }
    }
}
