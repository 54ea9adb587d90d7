import Foundation
import JSONModel
import Testing

/// A port with a QoS `resource_request` asks for bandwidth this service does not account:
/// refused with Nova's 400 (its AttachInterfaceWithQoSPolicyNotSupported), never attached
/// silently, on attach, on boot and in the pre-flight, with nothing changed.
struct QoSPortTests {
    static let bandwidth: JSON = [
        "request_groups": [["id": "a1b2", "required": ["CUSTOM_PHYSNET_PHYSNET2", "CUSTOM_VNIC_TYPE_DIRECT"],
                            "resources": ["NET_BW_EGR_KILOBIT_PER_SEC": 1000]]],
        "same_subtree": ["a1b2"],
    ]

    @Test func aPortThatAsksForBandwidthIsRefusedAndNothingChanges() async throws {
        try await FakeNeutron.run { neutron, neutronPort in
            let portID = await neutron.directPortOnMappedVLAN()
            await neutron.setPortField(portID, "resource_request", to: Self.bandwidth)
            let harness = try await ServiceHarness.make(neutronURL: "http://127.0.0.1:\(neutronPort)")
            try await harness.run { api in
                let server = try await api.boot()
                let before = try await api.pciStatuses()
                let refused = try await api.attach(server, port: portID)
                #expect(refused.status == 400)
                #expect(refused.faultMessage == "Attaching interfaces with QoS policy is not supported for instance \(server).")
                #expect(try await api.pciStatuses() == before)
                #expect(try await api.interfacePortIDs(server) == [])
                #expect(await neutron.port(portID)?["device_id"] == "")
                #expect(await neutron.port(portID)?["binding:profile"] == [:])
                let fit = try await api.call(.get, "/v2.1/servers/\(server)/os-interface-fit/\(portID)")
                #expect(fit.status == 400 && fit.faultMessage == refused.faultMessage)

                // Without the request the same port attaches (the refusal was the request's).
                await neutron.setPortField(portID, "resource_request", to: .null)
                #expect(try await api.attach(server, port: portID).status == 200)
            }
        }
    }
}
