import Foundation
import JSONModel
import Testing
import Virt

/// Every failed step of the attach saga is undone: the ledger, the port and the domain
/// end exactly as before, and the server stays ACTIVE.
struct RollbackTests {
    /// The devices, the port and the domain XML, to compare before and after.
    struct Snapshot: Equatable {
        let pci: [String: String]
        let port: JSON
        let liveXML: String
        let persistentXML: String
    }

    static func snapshot(_ api: APIClient, server: String, port: String) async throws -> Snapshot {
        let uuid = try #require(UUID(uuidString: server))
        var portView = try await api.port(port)
        // The revision and timestamp move with any update, even one that is undone.
        if case .object(var members) = portView {
            members["revision_number"] = nil
            members["updated_at"] = nil
            portView = .object(members)
        }
        return Snapshot(pci: try await api.pciStatuses(), port: portView,
                        liveXML: try await api.service.hypervisor.domainXML(of: uuid, live: true),
                        persistentXML: try await api.service.hypervisor.domainXML(of: uuid, live: false))
    }

    @Test func bindingFailureFreesTheClaim() async throws {
        let harness = try await ServiceHarness.make()
        try await harness.run { api in
            let net = try await api.createNetwork()
            let port = try await api.createPort(network: net, vnicType: "direct")
            let server = try await api.boot()
            // The host's NIC Switch agent no longer maps the network's physnet: Neutron's
            // binding fails. (An agent removed altogether would be read again from the
            // compute store, where the host's devices still carry physnet2.)
            try #require(api.service.embeddedNetwork).agents.setAgent(host: "compute0", physicalNetworks: [])
            let before = try await Self.snapshot(api, server: server, port: port)
            let reply = try await api.attach(server, port: port)
            #expect(reply.status == 500)
            #expect(reply.faultMessage?.contains("PortBindingFailed") == true || reply.faultMessage?.contains("Binding failed for port \(port)") == true)
            #expect(try await Self.snapshot(api, server: server, port: port) == before)
            #expect(try await api.server(server)["status"] == "ACTIVE")
            #expect(before.pci.values.allSatisfy { $0 == "available" })
        }
    }

    @Test func hotPlugFailureUnbindsAndFrees() async throws {
        let harness = try await ServiceHarness.make()
        try await harness.run { api in
            let net = try await api.createNetwork()
            let port = try await api.createPort(network: net, vnicType: "direct")
            let server = try await api.boot()
            let before = try await Self.snapshot(api, server: server, port: port)
            try await api.simulator().failNextAttach(message: "internal error: unable to execute QEMU command 'device_add'")
            let reply = try await api.attach(server, port: port)
            #expect(reply.status == 500)
            #expect(reply.faultMessage?.contains("Failed to attach network adapter device to \(server)") == true)
            #expect(try await Self.snapshot(api, server: server, port: port) == before)
            #expect(try await api.server(server)["status"] == "ACTIVE")
            // The action records the failure with its reason.
            let request = try #require(reply.headers[.init("x-openstack-request-id")!])
            let event = try #require(try await api.action(server, requestID: request)?["events"]?.arrayValue?.first)
            #expect(event["result"] == "Error")
        }
    }

    @Test func failedClaimExplainsAndChangesNothing() async throws {
        let harness = try await ServiceHarness.make()
        try await harness.run { api in
            let net = try await api.createNetwork(physnet: "physnet9")
            let port = try await api.createPort(network: net, vnicType: "direct")
            let server = try await api.boot()
            let before = try await Self.snapshot(api, server: server, port: port)
            let reply = try await api.attach(server, port: port)
            #expect(reply.status == 400)
            #expect(reply.faultMessage == "Failed to claim PCI device for \(server) during interface attach: no VF on physnet9 is tracked on this host (physnets here: physnet2)")
            #expect(try await Self.snapshot(api, server: server, port: port) == before)
            #expect(try await api.server(server)["status"] == "ACTIVE")
            // The claim wrote nothing, the action and its event included (they go with a
            // claim that succeeds): the refusal writes them, ended with the reason.
            let request = try #require(reply.headers[.init("x-openstack-request-id")!])
            let action = try #require(try await api.action(server, requestID: request))
            #expect(action["action"] == "attach_interface" && action["message"] == "Error")
            let event = try #require(action["events"]?.arrayValue?.first)
            #expect(event["event"] == "compute_attach_interface" && event["result"] == "Error")
        }
    }

    /// A port the checks refuse before any claim (in use by another server): the action is
    /// recorded all the same, its event ended as `Error`.
    @Test func aPortRefusedBeforeTheClaimStillRecordsTheAction() async throws {
        let harness = try await ServiceHarness.make()
        try await harness.run { api in
            let net = try await api.createNetwork()
            let port = try await api.createPort(network: net, vnicType: "direct")
            let first = try await api.boot()
            let second = try await api.boot()
            #expect(try await api.attach(first, port: port).status == 200)
            let reply = try await api.attach(second, port: port)
            #expect(reply.status == 409)
            let request = try #require(reply.headers[.init("x-openstack-request-id")!])
            let action = try #require(try await api.action(second, requestID: request))
            #expect(action["action"] == "attach_interface" && action["message"] == "Error")
            #expect(action["events"]?.arrayValue?.map { $0["result"] } == ["Error"])
        }
    }
}
