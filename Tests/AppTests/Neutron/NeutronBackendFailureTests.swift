import Foundation
import JSONModel
import Testing

/// Every way Neutron can refuse or fail an attach, each answered with Nova's status and a
/// message that says what happened, and none leaving anything behind: the devices free,
/// the server without the interface, the port as the user left it.
@Suite(.serialized)
struct NeutronBackendFailureTests {
    static let free = [NeutronBackendTests.pf: "available", NeutronBackendTests.vf: "available"]

    /// A fake Neutron with a VLAN network, a `direct` port and an agent for compute0, and
    /// the service in front of it; `body` gets the port.
    func withDirectPort(
        timeout: Duration = .seconds(5), project: String = "admin", deviceID: String = "",
        _ body: @Sendable (APIClient, FakeNeutron, String, String) async throws -> Void
    ) async throws {
        try await FakeNeutron.run { neutron, port in
            let network = FakeNeutron.vlanNetwork()
            await neutron.addNetwork(network)
            await neutron.setAgent(host: "compute0", physnets: ["physnet2"])
            let portID = await neutron.addPort(network: network["id"]!.stringValue!, vnicType: "direct", project: project,
                                               deviceID: deviceID)
            let harness = try await ServiceHarness.make(neutronURL: "http://127.0.0.1:\(port)", neutronTimeout: timeout)
            try await harness.run { api in
                let server = try await api.boot()
                try await body(api, neutron, portID, server)
                #expect(try await api.interfacePortIDs(server) == [])
                #expect(try await api.pciStatuses() == Self.free)
                #expect(try await api.server(server)["status"] == "ACTIVE")
            }
        }
    }

    /// The port exactly as `FakeNeutron.addPort` made it.
    func expectUntouched(_ neutron: FakeNeutron, _ portID: String, deviceID: String = "",
                         sourceLocation: SourceLocation = #_sourceLocation) async {
        let port = await neutron.port(portID)
        #expect(port?["binding:host_id"] == "", sourceLocation: sourceLocation)
        #expect(port?["binding:profile"] == [:], sourceLocation: sourceLocation)
        #expect(port?["device_id"] == .string(deviceID), sourceLocation: sourceLocation)
        #expect(port?["device_owner"] == "", sourceLocation: sourceLocation)
    }

    @Test func bindingFailedIsRolledBack() async throws {
        try await withDirectPort { api, neutron, portID, server in
            await neutron.setAgent(host: "compute0", physnets: nil)
            let reply = try await api.attach(server, port: portID)
            #expect(reply.status == 500)
            #expect(reply.faultMessage?.contains("<class 'nova.exception.PortBindingFailed'>") == true)
            #expect(reply.faultMessage?.contains("Binding failed for port \(portID), please check neutron logs") == true)
            await expectUntouched(neutron, portID)
            #expect(await neutron.port(portID)?["binding:vif_type"] == "unbound")
        }
    }

    @Test func unknownPortIs404() async throws {
        try await withDirectPort { api, _, _, server in
            let missing = UUID().uuidString.lowercased()
            let reply = try await api.attach(server, port: missing)
            #expect(reply.status == 404)
            #expect(reply.faultMessage == "Port \(missing) could not be found.")
        }
    }

    @Test func portOfAnotherProjectIsNotUsable() async throws {
        try await withDirectPort(project: "someone-else") { api, neutron, portID, server in
            let reply = try await api.attach(server, port: portID)
            #expect(reply.status == 400)
            #expect(reply.faultMessage == "Port \(portID) not usable for instance \(server).")
            await expectUntouched(neutron, portID)
        }
    }

    @Test func portBoundToAnotherDeviceIsInUse() async throws {
        let other = UUID().uuidString.lowercased()
        try await withDirectPort(deviceID: other) { api, neutron, portID, server in
            let reply = try await api.attach(server, port: portID)
            #expect(reply.status == 409)
            #expect(reply.faultMessage == "Port \(portID) is still in use.")
            await expectUntouched(neutron, portID, deviceID: other)
        }
    }

    @Test func conflictOnTheBindingPutIs409AndNothingIsTakenBack() async throws {
        try await withDirectPort { api, neutron, portID, server in
            await neutron.inject(.error(status: 409, type: "PortInUse", message: "Port \(portID) is in use."), into: .bindPut)
            let reply = try await api.attach(server, port: portID)
            #expect(reply.status == 409)
            #expect(reply.faultMessage == "Port \(portID) is in use.")
            await expectUntouched(neutron, portID)
            // Refused outright, so there was nothing to unbind.
            #expect(await neutron.requests.filter { $0 == "PUT port" }.count == 1)
        }
    }

    @Test func serverErrorOnTheBindingPutIs500AndTheBindingIsTakenBack() async throws {
        try await withDirectPort { api, neutron, portID, server in
            await neutron.inject(.error(status: 500, type: "HTTPInternalServerError", message: "Request Failed: internal server error"),
                                 into: .bindPut)
            let reply = try await api.attach(server, port: portID)
            #expect(reply.status == 500)
            #expect(reply.faultMessage?.contains("<class 'nova.exception.NeutronClientException'>") == true)
            #expect(reply.faultMessage?.contains("Neutron failed PUT port \(portID) (bind) with HTTP 500: Request Failed: internal server error") == true)
            await expectUntouched(neutron, portID)
            // A 5xx may have landed, so the undo asks Neutron: the port does not name the
            // server (this 500 applied nothing), so nothing is sent to take back.
            #expect(await neutron.requests.filter { $0 == "PUT port" }.count == 1)
            #expect(await neutron.requests.last == "GET port")
        }
    }

    @Test func slowBindingHitsTheTimeoutAndTheLateBindingIsUndone() async throws {
        try await withDirectPort(timeout: .milliseconds(300)) { api, neutron, portID, server in
            await neutron.inject(.slow(.seconds(2)), into: .bindPut)
            let reply = try await api.attach(server, port: portID)
            #expect(reply.status == 500)
            #expect(reply.faultMessage?.contains("<class 'keystoneauth1.exceptions.connection.ConnectTimeout'>") == true)
            #expect(reply.faultMessage?.contains("did not answer PUT port \(portID) (bind) within 0.3 seconds") == true)
            // The fake applied the binding before it stalled: the rollback took it back.
            await expectUntouched(neutron, portID)
        }
    }

    @Test func failingNetworkReadStopsTheAttachBeforeAnyClaim() async throws {
        try await withDirectPort { api, neutron, portID, server in
            await neutron.inject(.error(status: 503, type: "ServiceUnavailable", message: "try later"), into: .getNetwork)
            let reply = try await api.attach(server, port: portID)
            #expect(reply.status == 500)
            #expect(reply.faultMessage?.contains("Neutron failed GET network") == true)
            await expectUntouched(neutron, portID)
            #expect(await neutron.requests.contains("PUT port") == false)
        }
    }

    @Test func unreachableNeutronFailsAtOnceWithNothingClaimed() async throws {
        // Nothing listens on port 1 of the loopback: every connection is refused.
        let harness = try await ServiceHarness.make(neutronURL: "http://127.0.0.1:1")
        try await harness.run { api in
            let server = try await api.boot()
            let portID = UUID().uuidString.lowercased()
            let reply = try await api.attach(server, port: portID)
            #expect(reply.status == 500)
            #expect(reply.faultMessage?.contains("<class 'keystoneauth1.exceptions.connection.ConnectFailure'>") == true)
            #expect(reply.faultMessage?.contains("Neutron at http://127.0.0.1:1 could not be reached for GET port \(portID)") == true)
            #expect(try await api.pciStatuses() == Self.free)
            let list = try await api.call(.get, "/v2.1/servers/\(server)/os-interface")
            #expect(list.status == 500)
        }
    }
}
