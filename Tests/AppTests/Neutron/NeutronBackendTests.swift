import Foundation
import JSONModel
import Testing

/// The service with `[network] backend = "neutron"`, its Neutron client talking real HTTP
/// to `FakeNeutron`: the binding PUT and the detach's unbind as Nova makes them, on the
/// host of Nova's SRIOVAttachDetachTest (one PF and its VF on physnet2).
@Suite(.serialized)
struct NeutronBackendTests {
    static let pf = "0000:01:00.0"
    static let vf = "0000:02:00.0"
    static let pfMAC = "b8:ce:f6:00:01:00"
    static let free = [pf: "available", vf: "available"]

    @Test func directPortIsBoundAsNovaBindsItAndDetachRemovesExactlyNovasKeys() async throws {
        try await FakeNeutron.run { neutron, port in
            let network = FakeNeutron.vlanNetwork()
            await neutron.addNetwork(network)
            await neutron.setAgent(host: "compute0", physnets: ["physnet2"])
            let portID = await neutron.addPort(network: network["id"]!.stringValue!, vnicType: "direct",
                                               profile: ["user_key": "kept"])
            let harness = try await ServiceHarness.make(neutronURL: "http://127.0.0.1:\(port)")
            try await harness.run { api in
                let server = try await api.boot()
                let reply = try await api.attach(server, port: portID)
                #expect(reply.status == 200)
                #expect(reply.json?["interfaceAttachment"]?["port_state"] == "DOWN")
                #expect(reply.json?["interfaceAttachment"]?["fixed_ips"] == [["subnet_id": "5e0fe0b0-0000-4000-8000-000000000001", "ip_address": "10.9.0.5"]])
                let bound = try #require(await neutron.port(portID))
                #expect(bound["binding:vif_type"] == "hw_veb")
                #expect(bound["binding:host_id"] == "compute0")
                #expect(bound["device_id"] == .string(server))
                #expect(bound["device_owner"] == "compute:nova")
                #expect(bound["binding:profile"] == [
                    "pci_vendor_info": "15b3:101e", "pci_slot": .string(Self.vf), "physical_network": "physnet2",
                    "pf_mac_address": .string(Self.pfMAC), "vf_num": 0, "user_key": "kept",
                ])
                #expect(try await api.interfacePortIDs(server) == [portID])
                #expect(try await api.pciStatuses() == [Self.vf: "allocated", Self.pf: "unavailable"])

                #expect(try await api.detach(server, port: portID).status == 202)
                let unbound = try #require(await neutron.port(portID))
                #expect(unbound["binding:host_id"] == "")
                #expect(unbound["binding:vif_type"] == "unbound")
                #expect(unbound["device_id"] == "")
                #expect(unbound["device_owner"] == "")
                #expect(unbound["binding:profile"] == ["user_key": "kept"])
                #expect(try await api.interfacePortIDs(server) == [])
                #expect(try await api.pciStatuses() == Self.free)
            }
        }
    }

    @Test func physicalFunctionPortGetsThePFsMACAndItsProfile() async throws {
        try await FakeNeutron.run { neutron, port in
            let network = FakeNeutron.vlanNetwork()
            await neutron.addNetwork(network)
            let portID = await neutron.addPort(network: network["id"]!.stringValue!, vnicType: "direct-physical")
            let harness = try await ServiceHarness.make(neutronURL: "http://127.0.0.1:\(port)")
            try await harness.run { api in
                let server = try await api.boot()
                #expect(try await api.attach(server, port: portID).status == 200)
                let bound = try #require(await neutron.port(portID))
                #expect(bound["binding:vif_type"] == "hostdev_physical")
                #expect(bound["mac_address"] == .string(Self.pfMAC))
                #expect(bound["binding:profile"] == [
                    "pci_vendor_info": "15b3:101d", "pci_slot": .string(Self.pf), "physical_network": "physnet2",
                    "device_mac_address": .string(Self.pfMAC),
                ])
                #expect(try await api.pciStatuses() == [Self.pf: "allocated", Self.vf: "unavailable"])
            }
        }
    }

    @Test func physnetComesFromTheFirstSegmentThatHasOne() async throws {
        try await FakeNeutron.run { neutron, port in
            let id = UUID().uuidString.lowercased()
            await neutron.addNetwork([
                "id": .string(id), "name": "multi", "project_id": "admin", "status": "ACTIVE", "mtu": 1450,
                "segments": [
                    ["provider:network_type": "vxlan", "provider:physical_network": .null, "provider:segmentation_id": 7],
                    ["provider:network_type": "vlan", "provider:physical_network": "physnet2", "provider:segmentation_id": 24],
                ],
            ])
            let portID = await neutron.addPort(network: id, vnicType: "direct-physical")
            let other = UUID().uuidString.lowercased()
            await neutron.addNetwork([
                "id": .string(other), "name": "tunnels", "project_id": "admin",
                "segments": [["provider:network_type": "vxlan", "provider:physical_network": .null, "provider:segmentation_id": 8]],
            ])
            let tunnelPort = await neutron.addPort(network: other, vnicType: "direct")
            let harness = try await ServiceHarness.make(neutronURL: "http://127.0.0.1:\(port)")
            try await harness.run { api in
                let server = try await api.boot()
                // The PF's tag is physnet2: the vlan segment made the request match it.
                #expect(try await api.attach(server, port: portID).status == 200)
                let bound = await neutron.port(portID)
                #expect(bound?["binding:profile"]?["pci_slot"] == .string(Self.pf))
                let refused = try await api.attach(server, port: tunnelPort)
                #expect(refused.status == 400)
                #expect(refused.faultMessage == "None of the segments of network \(other) provides a physical_network")
            }
        }
    }

    @Test func portAttachedAgainAsSoonAsNeutronShowsItUnboundFindsTheDetachFinished() async throws {
        try await FakeNeutron.run { neutron, port in
            let portID = await neutron.directPortOnMappedVLAN()
            let harness = try await ServiceHarness.make(neutronURL: "http://127.0.0.1:\(port)")
            try await harness.run { api in
                let server = try await api.boot()
                #expect(try await api.attach(server, port: portID).status == 200)
                // The unbind lands at once but its answer comes late: the detach is still
                // running when a client sees the port free and attaches it again.
                await neutron.inject(.slow(.milliseconds(300)), into: .unbindPut)
                #expect(try await api.call(.delete, "/v2.1/servers/\(server)/os-interface/\(portID)").status == 202)
                while await neutron.port(portID)?["device_id"] != "" { try await Task.sleep(for: .milliseconds(5)) }
                let again = try await api.attach(server, port: portID)
                #expect(again.status == 200, "\(again.json?.rendered ?? "")")
                #expect(try await api.interfacePortIDs(server) == [portID])
                #expect(try await api.pciStatuses() == [Self.vf: "allocated", Self.pf: "unavailable"])
            }
        }
    }
}
