import Foundation
import Networking
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
}
