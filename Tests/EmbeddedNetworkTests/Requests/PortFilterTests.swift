import Testing

@testable import EmbeddedNetwork
import NetworkModel

@Suite("PortFilter")
struct PortFilterTests {
    let port = Port(
        id: "p1", name: "vf", networkID: "n1", projectID: "alice", macAddress: "fa:16:3e:00:00:01",
        fixedIPs: [FixedIP(subnetID: "s1", ipAddress: "10.0.0.5")], deviceID: "server-1", deviceOwner: "compute:nova",
        bindingHostID: "compute0", vnicType: "direct")

    @Test("absent filters accept everything; present ones accept any listed value")
    func lists() {
        #expect(PortFilter().matches(port))
        #expect(PortFilter(ids: ["p0", "p1"], deviceIDs: ["server-1"]).matches(port))
        #expect(!PortFilter(names: ["other"]).matches(port))
        #expect(!PortFilter(hostIDs: ["compute1"]).matches(port))
        #expect(PortFilter(vnicTypes: ["direct"]).matches(port))
    }

    @Test("MAC filters ignore case; fixed_ips match by address or subnet")
    func macAndIPs() {
        #expect(PortFilter(macAddresses: ["FA:16:3E:00:00:01"]).matches(port))
        #expect(PortFilter(fixedIPs: [FixedIPRequest(ipAddress: "10.0.0.5")]).matches(port))
        #expect(PortFilter(fixedIPs: [FixedIPRequest(subnetID: "s1")]).matches(port))
        #expect(!PortFilter(fixedIPs: [FixedIPRequest(ipAddress: "10.0.0.6")]).matches(port))
    }
}
