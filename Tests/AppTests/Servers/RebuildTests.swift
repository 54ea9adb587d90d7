import Foundation
import JSONModel
import Testing
import TestSupport
import Virt

/// Issue 14 item 3: `rebuild` recreates the guest from an image and keeps the ports, their
/// devices and the claims, as Nova's rebuild plugs the same VIFs again.
@Suite(.serialized)
struct RebuildTests {
    static let cirros = "c3a9b0b4-5e6f-4a0e-9d6b-0f8f3b0a1c01"

    static func rebuild(_ api: APIClient, _ server: String, _ argument: JSON) async throws -> APIResponse {
        try await api.call(.post, "/v2.1/servers/\(server)/action", ["rebuild": argument])
    }

    @Test func rebuildRecreatesTheGuestFromTheImageWithItsDevicesAndClaims() async throws {
        let harness = try await ServiceHarness.make(fakeHost: .init(numaNodes: 1, pfCount: 1, vfsPerPF: 2))
        try await harness.run { api in
            let net = try await api.createNetwork()
            let vf = try await api.createPort(network: net, vnicType: "direct")
            let macvtap = try await api.createPort(network: net, vnicType: "macvtap")
            let server = try await api.boot(ports: [vf, macvtap])
            let uuid = try #require(UUID(uuidString: server))
            let held = try await api.pciStatuses()
            let guest = Set(try DeviceLocator.devices(inDomainXML: await api.service.hypervisor.domainXML(of: uuid, live: true)).map(\.device))

            let reply = try await Self.rebuild(api, server, ["imageRef": .string(Self.cirros), "name": "rebuilt", "adminPass": "s3cret",
                                                             "metadata": ["role": "db"]])
            #expect(reply.status == 202)
            let body = try #require(reply.json?["server"])
            #expect(body["id"] == .string(server))
            #expect(body["adminPass"] == "s3cret")
            #expect(body["name"] == "rebuilt")
            #expect(body["image"]?["id"] == .string(Self.cirros))
            #expect(body["metadata"] == ["role": "db"])
            #expect(body["status"] == "ACTIVE")
            #expect(body["user_data"] == .null)
            // Nova's rebuild view leaves the server attribute out (its own `user_data` is above).
            #expect(body["OS-EXT-SRV-ATTR:user_data"] == nil)
            // 2.75+: everything GET shows; before, not the extended attributes.
            #expect(body["OS-EXT-STS:vm_state"] == "active")
            let old = try await Self.rebuild(api.at("2.74"), server, ["imageRef": .string(Self.cirros)])
            #expect(old.status == 202)
            #expect(old.json?["server"]?["OS-EXT-STS:vm_state"] == nil)
            #expect(old.json?["server"]?["adminPass"]?.stringValue?.isEmpty == false)
            #expect(old.json?["server"]?["user_data"] == .null)
            // Before 2.75 the addresses are not extended with their type and MAC.
            let addresses = old.json?["server"]?["addresses"]?.objectValue?.values.flatMap { $0.arrayValue ?? [] } ?? []
            #expect(!addresses.isEmpty)
            #expect(addresses.allSatisfy { $0["OS-EXT-IPS:type"] == nil && $0["OS-EXT-IPS-MAC:mac_addr"] == nil })
            #expect(body["addresses"]?.objectValue?.values.first?.arrayValue?.first?["OS-EXT-IPS:type"] == "fixed")

            #expect(try await api.pciStatuses() == held)
            #expect(Set(try await api.interfacePortIDs(server)) == [vf, macvtap])
            #expect(Set(try DeviceLocator.devices(inDomainXML: await api.service.hypervisor.domainXML(of: uuid, live: true)).map(\.device)) == guest)
            let console = try await api.call(.post, "/v2.1/servers/\(server)/action", ["os-getConsoleOutput": [:]])
            #expect(console.json?["output"]?.stringValue?.contains("boot 3\n") == true)
            let request = try #require(reply.header("x-openstack-request-id"))
            let action = try #require(try await api.action(server, requestID: request))
            #expect(action["action"] == "rebuild")
            #expect(action["events"]?.arrayValue?.first?["event"] == "compute_rebuild_instance")
            #expect(action["events"]?.arrayValue?.first?["result"] == "Success")

            // The devices are the guest's: they detach as any.
            #expect(try await api.detach(server, port: vf).status == 202)
        }
    }

    @Test func aStoppedServerIsRebuiltAndStaysStopped() async throws {
        let harness = try await ServiceHarness.make()
        try await harness.run { api in
            let net = try await api.createNetwork()
            let vf = try await api.createPort(network: net, vnicType: "direct")
            let server = try await api.boot(ports: [vf])
            let held = try await api.pciStatuses()
            #expect(try await api.call(.post, "/v2.1/servers/\(server)/action", ["os-stop": .null]).status == 202)
            #expect(try await Self.rebuild(api, server, ["imageRef": .string(Self.cirros)]).status == 202)
            #expect(try await api.server(server)["status"] == "SHUTOFF")
            #expect(try await api.pciStatuses() == held)
            #expect(try await api.call(.post, "/v2.1/servers/\(server)/action", ["os-start": .null]).status == 202)
            #expect(try await api.interfacePortIDs(server) == [vf])
        }
    }

    @Test func rebuildRefusalsChangeNothing() async throws {
        let harness = try await ServiceHarness.make()
        try await harness.run { api in
            let server = try await api.boot()
            let unknown = try await Self.rebuild(api, server, ["imageRef": .string(UUID().uuidString.lowercased())])
            #expect(unknown.status == 400)
            #expect(unknown.faultMessage == "Cannot find image for rebuild")
            let missing = try await Self.rebuild(api, server, ["name": "x"])
            #expect(missing.status == 400)
            #expect(missing.faultMessage?.contains("'imageRef' is a required property") == true)
            let extra = try await Self.rebuild(api, server, ["imageRef": .string(Self.cirros), "flavorRef": "1"])
            #expect(extra.status == 400)
            #expect(extra.faultMessage?.contains("Additional properties are not allowed") == true)
            #expect(try await Self.rebuild(api.at("2.56"), server, ["imageRef": .string(Self.cirros), "user_data": "eA=="]).status == 400)
            #expect(try await api.actions(server).compactMap { $0["action"]?.stringValue } == ["create"])

            #expect(try await api.call(.post, "/v2.1/servers/\(server)/action", ["pause": .null]).status == 202)
            let paused = try await Self.rebuild(api, server, ["imageRef": .string(Self.cirros)])
            #expect(paused.status == 409)
            #expect(paused.faultMessage == "Cannot 'rebuild' instance \(server) while it is in vm_state paused")
            #expect(try await Self.rebuild(api.as("other:elsewhere"), server, ["imageRef": .string(Self.cirros)]).status == 404)
            #expect(try await api.server(server)["image"] == "")
        }
    }

    /// A server whose boot failed has no domain to rebuild: 409 saying so, as the power
    /// actions answer (it was a 500 from the hypervisor's "no domain").
    @Test func aServerWhoseBootFailedIsNotRebuilt() async throws {
        let harness = try await ServiceHarness.make()
        try await harness.run { api in
            let server = try await api.bootThatFails()
            let reply = try await Self.rebuild(api, server, ["imageRef": .string(Self.cirros)])
            #expect(reply.status == 409, "\(reply.json?.rendered ?? "")")
            #expect(reply.faultMessage == "Cannot 'rebuild' instance \(server): it has no domain, its boot failed")
            #expect(try await api.server(server)["status"] == "ERROR")
            #expect(try await api.actions(server).compactMap { $0["action"]?.stringValue } == ["create"])
        }
    }
}
