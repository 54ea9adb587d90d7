import Testing

@testable import EmbeddedNetwork
import NetworkModel

@Suite("IPv4Network")
struct IPv4NetworkTests {
    @Test("clears host bits, as Neutron normalises a CIDR")
    func normalises() {
        #expect(IPv4Network("10.99.0.77/24")?.description == "10.99.0.0/24")
    }

    @Test("hosts exclude the network and broadcast addresses")
    func hosts() throws {
        let hosts = try #require(IPv4Network("192.168.1.0/29")?.hosts)
        #expect(hosts.lowerBound.description == "192.168.1.1")
        #expect(hosts.upperBound.description == "192.168.1.6")
        #expect(IPv4Network("192.168.1.0/31")?.hosts == nil)
    }

    @Test("contains and overlaps")
    func membership() throws {
        let net = try #require(IPv4Network("10.0.0.0/16"))
        #expect(net.contains(try #require(IPv4Address("10.0.255.1"))))
        #expect(!net.contains(try #require(IPv4Address("10.1.0.1"))))
        #expect(net.overlaps(try #require(IPv4Network("10.0.3.0/24"))))
        #expect(!net.overlaps(try #require(IPv4Network("10.1.0.0/24"))))
    }

    @Test("refuses bad prefixes", arguments: ["10.0.0.0", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/a", "10.0.0/8"])
    func invalid(text: String) {
        #expect(IPv4Network(text) == nil)
    }
}
