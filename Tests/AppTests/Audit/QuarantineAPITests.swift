import App
import Compute
import EmbeddedNetwork
import Foundation
import JSONModel
import NetworkModel
import NeutronClient
import PCI
import Testing

/// Quarantine you can see (`os-pci-devices` says why and since when) and end
/// (`POST /v2.1/os-pci-devices/{address}/action {"release": null}`, admin only).
struct QuarantineAPITests {
    @Test func aQuarantinedDeviceShowsWhyAndSinceWhenAndIsReleasedOnceNothingHoldsIt() async throws {
        let harness = try await ServiceHarness.make(detachTimeout: .milliseconds(100), detachAttempts: 1)
        try await harness.run { api in
            let net = try await api.createNetwork()
            let port = try await api.createPort(network: net, vnicType: "direct")
            let server = try await api.boot(ports: [port])
            let id = try #require(UUID(uuidString: server))
            let simulator = try api.simulator()
            await simulator.ignoreUnplug(in: id)
            let started = Date()
            #expect(try await api.detach(server, port: port).status == 202)

            let listing = try await api.call(.get, "/v2.1/os-pci-devices")
            let devices = try #require(listing.json?["pci_devices"]?.arrayValue)
            let quarantined = try #require(devices.first { $0["status"] == "quarantined" })
            let address = try #require(quarantined["address"]?.stringValue)
            #expect(quarantined["instance_uuid"] == .string(server))
            #expect(quarantined["quarantine_reason"]?.stringValue?.contains("did not release") == true)
            let since = try #require(quarantined["quarantined_at"]?.stringValue)
            #expect(since >= String(started.formatted(.iso8601).prefix(10)))
            // Every other device keeps Nova's shape.
            #expect(devices.filter { $0["status"] != "quarantined" }.allSatisfy { $0["quarantine_reason"] == nil && $0["quarantined_at"] == nil })

            let path = "/v2.1/os-pci-devices/\(address)/action"
            let member = try await api.as("alice:demo").call(.post, path, ["release": .null])
            #expect(member.status == 403)
            #expect(member.faultMessage == "Policy doesn't allow os_compute_api:os-pci-devices:release to be performed.")

            let held = try await api.call(.post, path, ["release": .null])
            #expect(held.status == 409)
            #expect(held.faultMessage == "Cannot release PCI device \(address): the guest of server \(server) still holds it (live or persistent configuration).")
            try await simulator.stop(id)
            let named = try await api.call(.post, path, ["release": .null])
            #expect(named.status == 409)
            #expect(named.faultMessage?.contains("port \(port) (bound to this host for '\(server)') still names it") == true)
            #expect(try await api.pciStatuses()[address] == "quarantined", "a refusal changes nothing")

            _ = try await api.service.network.unbindPort(port, removingProfileKeys: PortBinding.novaProfileKeys)
            let released = try await api.call(.post, path, ["release": .null])
            #expect(released.status == 200)
            #expect(released.json?["pci_device"]?["status"] == "available")
            #expect(released.json?["pci_device"]?["instance_uuid"] == .null)
            #expect(try await api.pciStatuses()[address] == "available")
            #expect(try await api.interfacePortIDs(server) == [])
        }
    }

    @Test(arguments: [
        ("0000:02:00.0", #"{"fly": null}"#, 400, "There is no such action: fly"),
        ("0000:02:00.0", #"{"release": 5}"#, 400, "release takes no arguments"),
        ("0000:02:00.0", #"{"release": null, "fly": null}"#, 400, "Malformed request body"),
        ("not-an-address", #"{"release": null}"#, 404, "not a PCI address"),
        ("0000:7f:00.1", #"{"release": null}"#, 404, "PCI device 0000:7f:00.1 is not tracked on compute0."),
        ("0000:02:00.0", #"{"release": null}"#, 409, "is available, not quarantined"),
    ])
    func badReleasesAreRefusedAndChangeNothing(_ address: String, _ body: String, _ status: Int, _ message: String) async throws {
        let harness = try await ServiceHarness.make()
        try await harness.run { api in
            let before = try await api.pciStatuses()
            let json = try #require(JSON.parse(body))
            let reply = try await api.call(.post, "/v2.1/os-pci-devices/\(address)/action", json)
            #expect(reply.status == status)
            #expect(reply.faultMessage?.contains(message) == true, "\(reply.faultMessage ?? "")")
            #expect(try await api.pciStatuses() == before)
        }
    }
}
