import EmbeddedNetwork
import Foundation
import NetworkModel
import NeutronClient
import Testing

/// The Neutron client on its own against `FakeNeutron`: the endpoint root as operators
/// write it, and the token.
struct NeutronClientTests {
    @Test func rootWithVersionOrSlashAndTheTokenHeader() async throws {
        try await FakeNeutron.run { neutron, port in
            let network = FakeNeutron.vlanNetwork()
            await neutron.addNetwork(network)
            let portID = await neutron.addPort(network: network["id"]!.stringValue!, vnicType: "direct")
            for (root, token) in [("http://127.0.0.1:\(port)/v2.0/", "secret" as String?), ("http://127.0.0.1:\(port)", nil)] {
                let client = NeutronNetworkService(configuration: NeutronConfiguration(url: URL(string: root)!, token: token))
                let read: Result<String, NetworkError>
                do throws(NetworkError) { read = .success(try await client.port(id: portID).id) } catch { read = .failure(error) }
                // Shut down before any expectation can end the test: a client must be.
                try await client.shutdown()
                #expect(try read.get() == portID, "\(root)")
                #expect(await neutron.tokens.last == .some(token))
            }
        }
    }

    @Test func portsBoundToAHostAreAskedForByBindingHostID() async throws {
        try await FakeNeutron.run { neutron, port in
            let network = FakeNeutron.vlanNetwork()
            await neutron.addNetwork(network)
            let here = await neutron.addPort(network: network["id"]!.stringValue!, vnicType: "direct")
            let elsewhere = await neutron.addPort(network: network["id"]!.stringValue!, vnicType: "direct")
            _ = try await neutron.updatePort(here, ["binding:host_id": "compute0"])
            _ = try await neutron.updatePort(elsewhere, ["binding:host_id": "compute1"])
            let client = NeutronNetworkService(configuration: NeutronConfiguration(url: URL(string: "http://127.0.0.1:\(port)")!, token: nil))
            let listed: Result<[String], NetworkError>
            do throws(NetworkError) { listed = .success(try await client.ports(boundToHost: "compute0").map(\.id)) } catch { listed = .failure(error) }
            await neutron.inject(.error(status: 503, type: "ServiceUnavailable", message: "the server is down"), into: .listPorts)
            let failed: NetworkError?
            do throws(NetworkError) { _ = try await client.ports(boundToHost: "compute0"); failed = nil } catch { failed = error }
            try await client.shutdown()
            #expect(try listed.get() == [here])
            #expect(failed == .unavailable("Neutron failed GET ports bound to compute0 with HTTP 503: the server is down"))
        }
    }
}
