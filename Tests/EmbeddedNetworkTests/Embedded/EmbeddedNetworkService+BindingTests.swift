import TestSupport
import JSONModel
import Testing

@testable import EmbeddedNetwork
import NetworkModel

@Suite("EmbeddedNetworkService: Nova's bind and unbind")
struct EmbeddedBindingTests {
    @Test("a fresh port is unbound and DOWN")
    func freshPort() async throws {
        let fixture = try EmbeddedNetworkFixture()
        let port = try await fixture.port(on: try await fixture.vlanNetwork())
        #expect(port.vifType == "unbound")
        #expect(port.vifDetails.isEmpty)
        #expect(port.status == "DOWN")
        #expect(port.bindingHostID.isEmpty)
    }

    @Test("bind a direct port on a host with an agent → hw_veb with the VLAN, the profile merged")
    func bindVF() async throws {
        let fixture = try EmbeddedNetworkFixture()
        let network = try await fixture.vlanNetwork()
        let port = try await fixture.port(on: network, profile: ["trusted": true])
        let bound = try await fixture.service.bindPort(port.id, EmbeddedNetworkFixture.vfBinding())
        #expect(bound.vifType == "hw_veb")
        #expect(bound.vifDetails == ["port_filter": false, "connectivity": "l2", "vlan": "101", "bound_drivers": ["0": "sriovnicswitch"]])
        #expect(bound.status == "DOWN")
        #expect(bound.bindingHostID == "compute0")
        #expect(bound.deviceID == "server-1")
        #expect(bound.deviceOwner == "compute:nova")
        #expect(bound.bindingProfile["trusted"] == true)
        #expect(bound.bindingProfile["pci_slot"] == "0000:81:10.2")
        #expect(bound.revisionNumber == port.revisionNumber + 1)
        #expect(try await fixture.service.port(id: port.id) == bound)
    }

    @Test("bind on a host without an agent → binding_failed; binding again after the agent appears works")
    func failedThenRetried() async throws {
        let fixture = try EmbeddedNetworkFixture(agents: [:])
        let port = try await fixture.port(on: try await fixture.vlanNetwork())
        let failed = try await fixture.service.bindPort(port.id, EmbeddedNetworkFixture.vfBinding())
        #expect(failed.vifType == "binding_failed")
        #expect(failed.bindingFailed)
        #expect(failed.vifDetails.isEmpty)
        fixture.agents.setAgent(host: "compute0", physicalNetworks: ["physnet1"])
        #expect(try await fixture.service.bindPort(port.id, EmbeddedNetworkFixture.vfBinding()).vifType == "hw_veb")
    }

    @Test("a PF port binds without an agent, goes ACTIVE and takes the PF's MAC")
    func bindPF() async throws {
        let fixture = try EmbeddedNetworkFixture(agents: [:])
        let port = try await fixture.port(on: try await fixture.vlanNetwork(), vnicType: "direct-physical")
        let bound = try await fixture.service.bindPort(
            port.id,
            PortBinding(
                hostID: "compute0", deviceID: "server-1", deviceOwner: "compute:nova",
                profile: ["pci_slot": "0000:81:00.0", "device_mac_address": "52:54:00:aa:bb:cc"],
                macAddress: "52:54:00:AA:BB:CC"))
        #expect(bound.vifType == "hostdev_physical")
        #expect(bound.status == "ACTIVE")
        #expect(bound.macAddress == "52:54:00:aa:bb:cc")
    }

    @Test("bind then unbind restores the port: Nova's keys gone, user keys such as trusted kept")
    func unbindRestores() async throws {
        let fixture = try EmbeddedNetworkFixture()
        let port = try await fixture.port(on: try await fixture.vlanNetwork(), profile: ["trusted": true, "capabilities": ["foo"]])
        var binding = EmbeddedNetworkFixture.vfBinding()
        binding.profile["allocation"] = "rp-uuid"
        binding.profile["card_serial_number"] = "MT0000X00002"
        _ = try await fixture.service.bindPort(port.id, binding)
        let unbound = try await fixture.service.unbindPort(port.id, removingProfileKeys: PortBinding.novaProfileKeys)
        #expect(unbound.bindingProfile == ["trusted": true, "capabilities": ["foo"]])
        #expect(unbound.vifType == "unbound")
        #expect(unbound.vifDetails.isEmpty)
        #expect(unbound.bindingHostID == "")
        #expect(unbound.deviceID == "")
        #expect(unbound.deviceOwner == "")
        #expect(unbound.status == "DOWN")
        #expect(unbound.macAddress == port.macAddress)
        #expect(unbound.fixedIPs == port.fixedIPs)
    }

    @Test("unbind removes exactly the keys it is given")
    func unbindExactKeys() async throws {
        let fixture = try EmbeddedNetworkFixture()
        let port = try await fixture.port(on: try await fixture.vlanNetwork())
        _ = try await fixture.service.bindPort(port.id, EmbeddedNetworkFixture.vfBinding())
        let unbound = try await fixture.service.unbindPort(port.id, removingProfileKeys: ["pci_slot"])
        #expect(unbound.bindingProfile["pci_slot"] == nil)
        #expect(unbound.bindingProfile["pci_vendor_info"] == "8086:154c")
    }

    @Test("a bound port cannot change its MAC (PortBound); a failed one can")
    func macChangeWhileBound() async throws {
        let fixture = try EmbeddedNetworkFixture()
        let port = try await fixture.port(on: try await fixture.vlanNetwork())
        _ = try await fixture.service.bindPort(port.id, EmbeddedNetworkFixture.vfBinding())
        var binding = EmbeddedNetworkFixture.vfBinding()
        binding.macAddress = "52:54:00:00:00:01"
        await #expect(throws: NetworkError.self) { try await fixture.service.bindPort(port.id, binding) }
        #expect(try await fixture.service.port(id: port.id).macAddress == port.macAddress)
    }

    @Test("bind and unbind of a missing port → portNotFound")
    func missingPort() async throws {
        let fixture = try EmbeddedNetworkFixture()
        await #expect(throws: NetworkError.portNotFound("nope")) { try await fixture.service.bindPort("nope", EmbeddedNetworkFixture.vfBinding()) }
        await #expect(throws: NetworkError.portNotFound("nope")) {
            try await fixture.service.unbindPort("nope", removingProfileKeys: PortBinding.novaProfileKeys)
        }
    }

    @Test("ports(deviceID:) finds the server's ports across projects")
    func portsOfDevice() async throws {
        let fixture = try EmbeddedNetworkFixture()
        let network = try await fixture.vlanNetwork(shared: true)
        let first = try await fixture.port(on: network)
        let second = try await fixture.service.createPort(PortCreate(networkID: network.id, vnicType: "macvtap"), caller: EmbeddedNetworkFixture.bob)
        _ = try await fixture.port(on: network)
        _ = try await fixture.service.bindPort(first.id, EmbeddedNetworkFixture.vfBinding(server: "vm"))
        _ = try await fixture.service.bindPort(second.id, EmbeddedNetworkFixture.vfBinding(server: "vm"))
        #expect(try await fixture.service.ports(deviceID: "vm").map(\.id) == [first.id, second.id])
        #expect(try await fixture.service.ports(deviceID: "other").isEmpty)
    }

    @Test("setStatus marks a port ACTIVE and refuses unknown statuses")
    func status() async throws {
        let fixture = try EmbeddedNetworkFixture()
        let port = try await fixture.port(on: try await fixture.vlanNetwork())
        #expect(try await fixture.service.setStatus("ACTIVE", ofPort: port.id).status == "ACTIVE")
        await #expect(throws: NetworkFault.self) { try await fixture.service.setStatus("UP", ofPort: port.id) }
    }

    @Test("the admin update API re-binds when the host changes, and clearing the host unbinds")
    func updateRebinds() async throws {
        let fixture = try EmbeddedNetworkFixture()
        let port = try await fixture.port(on: try await fixture.vlanNetwork(), vnicType: "macvtap")
        let bound = try await fixture.service.updatePort(id: port.id, PortUpdate(bindingHostID: "compute0"), caller: .admin)
        #expect(bound.vifType == "hw_veb")
        let failed = try await fixture.service.updatePort(id: port.id, PortUpdate(bindingHostID: "compute1"), caller: .admin)
        #expect(failed.vifType == "binding_failed")
        let unbound = try await fixture.service.updatePort(id: port.id, PortUpdate(bindingHostID: ""), caller: .admin)
        #expect(unbound.vifType == "unbound")
    }
}
