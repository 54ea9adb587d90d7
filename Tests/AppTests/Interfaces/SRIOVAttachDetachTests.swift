import Foundation
import JSONModel
import Testing

/// Nova's `SRIOVAttachDetachTest` (nova-behavior §7.1) on a host with one PF
/// (0000:01:00.0, 15b3:101d) and its one VF (0000:02:00.0, 15b3:101e) on physnet2.
@Suite(.serialized)
struct SRIOVAttachDetachTests {
    static let pf = "0000:01:00.0"
    static let vf = "0000:02:00.0"
    static let pfMAC = "b8:ce:f6:00:01:00"

    struct Case: Sendable, CustomTestStringConvertible {
        let vnicType: String
        let profile: JSON
        /// address → status while the first port is attached.
        let attached: [String: String]
        var testDescription: String { vnicType }
    }

    static let vfProfile: JSON = [
        "pci_vendor_info": "15b3:101e", "pci_slot": .string(vf), "physical_network": "physnet2",
        "pf_mac_address": .string(pfMAC), "vf_num": 0,
    ]

    static let cases = [
        Case(vnicType: "direct", profile: vfProfile, attached: [vf: "allocated", pf: "unavailable"]),
        Case(vnicType: "macvtap", profile: vfProfile, attached: [vf: "allocated", pf: "unavailable"]),
        Case(vnicType: "direct-physical",
             profile: ["pci_vendor_info": "15b3:101d", "pci_slot": .string(pf), "physical_network": "physnet2",
                       "device_mac_address": .string(pfMAC)],
             attached: [pf: "allocated", vf: "unavailable"]),
    ]

    @Test(arguments: cases)
    func detachAttach(_ scenario: Case) async throws {
        let harness = try await ServiceHarness.make()
        try await harness.run { api in
            let net = try await api.createNetwork()
            let first = try await api.createPort(network: net, vnicType: scenario.vnicType)
            let second = try await api.createPort(network: net, vnicType: scenario.vnicType)
            let free = [Self.pf: "available", Self.vf: "available"]

            // 1. Boot with the first port.
            let server = try await api.boot(ports: [first])
            #expect(try await api.server(server)["status"] == "ACTIVE")
            var port = try await api.port(first)
            #expect(port["binding:host_id"] == "compute0")
            #expect(port["binding:profile"] == scenario.profile)
            #expect(port["device_id"] == .string(server))
            #expect(try await api.interfacePortIDs(server) == [first])
            #expect(try await api.pciStatuses() == scenario.attached)

            // 2. Detach it: 202, then the port is unbound and the devices are free.
            #expect(try await api.detach(server, port: first).status == 202)
            port = try await api.port(first)
            #expect(port["binding:host_id"] == "")
            #expect(port["binding:profile"] == [:])
            #expect(port["device_id"] == "")
            #expect(try await api.interfacePortIDs(server) == [])
            #expect(try await api.pciStatuses() == free)

            // 3. Attach it again: 200, bound and allocated again.
            let attached = try await api.attach(server, port: first)
            #expect(attached.status == 200)
            #expect(attached.json?["interfaceAttachment"]?["port_id"] == .string(first))
            port = try await api.port(first)
            #expect(port["binding:host_id"] == "compute0")
            #expect(port["binding:profile"] == scenario.profile)
            #expect(try await api.interfacePortIDs(server) == [first])
            #expect(try await api.pciStatuses() == scenario.attached)

            // 4. The second port finds no device: 400, nothing changes.
            let refused = try await api.attach(server, port: second)
            #expect(refused.status == 400)
            #expect(refused.faultMessage?.hasPrefix("Failed to claim PCI device for \(server) during interface attach: ") == true)
            #expect(try await api.interfacePortIDs(server) == [first])
            #expect(try await api.port(second)["device_id"] == "")
            #expect(try await api.port(second)["binding:profile"] == [:])
            #expect(try await api.pciStatuses() == scenario.attached)
            #expect(try await api.server(server)["status"] == "ACTIVE")
        }
    }

    @Test func actionsRecordAttachAndDetachEvents() async throws {
        let harness = try await ServiceHarness.make()
        try await harness.run { api in
            let net = try await api.createNetwork()
            let port = try await api.createPort(network: net, vnicType: "direct")
            let server = try await api.boot()
            let attach = try await api.attach(server, port: port)
            #expect(attach.status == 200)
            let attachRequest = try #require(attach.headers[.init("x-openstack-request-id")!])
            let detach = try await api.detach(server, port: port)
            let detachRequest = try #require(detach.headers[.init("x-openstack-request-id")!])

            let attachAction = try #require(try await api.action(server, requestID: attachRequest))
            #expect(attachAction["action"] == "attach_interface")
            let attachEvents = attachAction["events"]?.arrayValue ?? []
            #expect(attachEvents.map { $0["event"] } == ["compute_attach_interface"])
            #expect(attachEvents.first?["result"] == "Success")

            let detachAction = try #require(try await api.action(server, requestID: detachRequest))
            #expect(detachAction["action"] == "detach_interface")
            #expect(detachAction["events"]?.arrayValue?.first?["event"] == "compute_detach_interface")
            #expect(detachAction["events"]?.arrayValue?.first?["result"] == "Success")
            let names = try await api.actions(server).compactMap { $0["action"]?.stringValue }
            #expect(names == ["detach_interface", "attach_interface", "create"])
        }
    }
}
