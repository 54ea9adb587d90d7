import TestSupport
import Testing

@testable import EmbeddedNetwork
import NetworkModel

/// The agents of a cluster's other hosts, looked up in the directory the first time a
/// binding names such a host (issue 12: one network for the cluster).
@Suite("BindingAgents: the cluster's directory")
struct AgentDirectoryTests {
    /// A directory whose answer a test sets, counting the reads.
    actor ScriptedDirectory: AgentDirectory {
        struct Unreadable: Error, CustomStringConvertible {
            var description: String { "the compute store is down" }
        }

        var answer: [String: Set<String>]?
        private(set) var reads = 0

        init(_ answer: [String: Set<String>]?) { self.answer = answer }

        func set(_ answer: [String: Set<String>]?) { self.answer = answer }

        func physicalNetworksByHost() async throws -> [String: Set<String>] {
            reads += 1
            guard let answer else { throw Unreadable() }
            return answer
        }
    }

    @Test("a binding on a host not known yet reads the directory once, then binds as sriovnicswitch")
    func unknownHostIsLearned() async throws {
        let directory = ScriptedDirectory(["compute0": ["physnet1"], "compute1": ["physnet1", "physnet3"]])
        let fixture = try EmbeddedNetworkFixture(agents: ["compute0": ["physnet1"]], directory: directory)
        let network = try await fixture.vlanNetwork()
        let first = try await fixture.port(on: network)
        let bound = try await fixture.service.bindPort(first.id, EmbeddedNetworkFixture.vfBinding(host: "compute1"))
        #expect(bound.vifType == "hw_veb")
        #expect(bound.bindingHostID == "compute1")
        #expect(fixture.agents.physicalNetworks(onHost: "compute1") == ["physnet1", "physnet3"])
        let second = try await fixture.port(on: network)
        #expect(try await fixture.service.bindPort(second.id, EmbeddedNetworkFixture.vfBinding(server: "server-2", host: "compute1")).vifType == "hw_veb")
        #expect(await directory.reads == 1)
    }

    @Test("a binding on a known host, or an unbind, never reads the directory")
    func knownHostIsNotLookedUp() async throws {
        let directory = ScriptedDirectory(nil)
        let fixture = try EmbeddedNetworkFixture(directory: directory)
        let port = try await fixture.port(on: try await fixture.vlanNetwork())
        #expect(try await fixture.service.bindPort(port.id, EmbeddedNetworkFixture.vfBinding()).vifType == "hw_veb")
        #expect(try await fixture.service.unbindPort(port.id, removingProfileKeys: ["pci_slot"]).vifType == "unbound")
        #expect(await directory.reads == 0)
    }

    @Test("a host the directory does not list either fails the binding as Neutron does, and is asked for again next time")
    func hostNobodyKnows() async throws {
        let directory = ScriptedDirectory(["compute0": ["physnet1"]])
        let fixture = try EmbeddedNetworkFixture(agents: [:], directory: directory)
        let port = try await fixture.port(on: try await fixture.vlanNetwork())
        #expect(try await fixture.service.bindPort(port.id, EmbeddedNetworkFixture.vfBinding(host: "compute9")).vifType == "binding_failed")
        await directory.set(["compute9": ["physnet1"]])
        #expect(try await fixture.service.bindPort(port.id, EmbeddedNetworkFixture.vfBinding(host: "compute9")).vifType == "hw_veb")
        #expect(await directory.reads == 2)
        // What the directory listed was merged: the host it no longer lists keeps its agent.
        #expect(fixture.agents.all == ["compute0": ["physnet1"], "compute9": ["physnet1"]])
    }

    @Test("a directory that cannot be read fails the binding with 503 and changes nothing; once readable the same binding works")
    func unreadableDirectory() async throws {
        let directory = ScriptedDirectory(nil)
        let fixture = try EmbeddedNetworkFixture(agents: ["compute0": ["physnet1"]], directory: directory)
        let network = try await fixture.vlanNetwork()
        let port = try await fixture.port(on: network)

        await #expect(throws: NetworkError.unavailable("The NIC Switch agent of host compute1 could not be looked up: the compute store is down")) {
            try await fixture.service.bindPort(port.id, EmbeddedNetworkFixture.vfBinding(host: "compute1"))
        }
        let refused = NetworkFault(.serviceUnavailable, type: "ServiceUnavailable",
                                   message: "The NIC Switch agent of host compute1 could not be looked up: the compute store is down")
        await #expect(throws: refused) {
            try await fixture.service.updatePort(id: port.id, PortUpdate(deviceID: "server-1", bindingHostID: "compute1"), caller: .admin)
        }
        await #expect(throws: refused) {
            try await fixture.service.createPort(PortCreate(networkID: network.id, vnicType: "direct", bindingHostID: "compute1"), caller: .admin)
        }
        #expect(try await fixture.service.port(id: port.id, caller: .admin) == port)
        #expect(try await fixture.service.ports(matching: PortFilter(), caller: .admin).map(\.id) == [port.id])
        #expect(fixture.agents.physicalNetworks(onHost: "compute1") == nil)

        await directory.set(["compute1": ["physnet1"]])
        #expect(try await fixture.service.bindPort(port.id, EmbeddedNetworkFixture.vfBinding(host: "compute1")).vifType == "hw_veb")
    }
}
