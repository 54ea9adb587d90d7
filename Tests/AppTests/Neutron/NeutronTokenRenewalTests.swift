import Foundation
import NetworkModel
import NeutronClient
import Synchronization
import Testing

/// The Neutron client behind Keystone: it sends the token source's token, and when
/// Neutron refuses it (401) it reports the refusal and sends the call once more with a
/// new token; a second refusal is Neutron's answer, and no token at all fails the call.
struct NeutronTokenRenewalTests {
    /// Hands out `token-1`, `token-2`, …: a new one after each refusal.
    final class CountingTokens: NeutronTokenSource, Sendable {
        let state = Mutex((current: 1, refused: [String](), available: true))

        func token() async throws(NetworkError) -> String {
            let (current, available) = state.withLock { ($0.current, $0.available) }
            guard available else { throw .unavailable("cannot authenticate with Keystone to call Neutron: Keystone is unreachable") }
            return "token-\(current)"
        }

        func refused(_ token: String) async {
            state.withLock { state in
                state.refused.append(token)
                if token == "token-\(state.current)" { state.current += 1 }
            }
        }
    }

    private func withClient<T: Sendable>(
        _ tokens: CountingTokens, _ body: @Sendable (FakeNeutron, NeutronNetworkService, String) async throws -> T
    ) async throws -> T {
        try await FakeNeutron.run { neutron, port in
            let network = FakeNeutron.vlanNetwork()
            await neutron.addNetwork(network)
            let portID = await neutron.addPort(network: network["id"]!.stringValue!, vnicType: "direct")
            let client = NeutronNetworkService(configuration: NeutronConfiguration(url: URL(string: "http://127.0.0.1:\(port)")!),
                                               tokenSource: tokens)
            let result: Result<T, any Error>
            do { result = .success(try await body(neutron, client, portID)) } catch { result = .failure(error) }
            try await client.shutdown()
            return try result.get()
        }
    }

    @Test func aRefusedTokenIsRenewedAndTheCallSentAgain() async throws {
        let tokens = CountingTokens()
        let (read, sent) = try await withClient(tokens) { neutron, client, portID in
            _ = try await client.port(id: portID)
            await neutron.refuse(token: "token-1")
            let read = try await client.port(id: portID).id == portID
            return (read, await neutron.tokens)
        }
        #expect(read)
        #expect(sent == ["token-1", "token-1", "token-2"])
        #expect(tokens.state.withLock { $0.refused } == ["token-1"])
    }

    @Test func aSecondRefusalFailsTheCallAsNeutronRefusingTheService() async throws {
        let tokens = CountingTokens()
        let failure = try await withClient(tokens) { neutron, client, portID -> NetworkError? in
            await neutron.refuse(token: "token-1")
            await neutron.refuse(token: "token-2")
            do throws(NetworkError) { _ = try await client.port(id: portID); return nil } catch { return error }
        }
        guard case .unavailable(let text)? = failure else { Issue.record("not unavailable: \(String(describing: failure))"); return }
        #expect(text.hasPrefix("Neutron refused the compute service's credentials on GET port"))
        #expect(text.contains("(HTTP 401)"))
        #expect(tokens.state.withLock { $0.refused } == ["token-1"])
    }

    @Test func noTokenFailsTheCallWithoutSendingIt() async throws {
        let tokens = CountingTokens()
        tokens.state.withLock { $0.available = false }
        let (failure, sent) = try await withClient(tokens) { neutron, client, portID -> (NetworkError?, [String?]) in
            do throws(NetworkError) { _ = try await client.port(id: portID); return (nil, await neutron.tokens) } catch {
                return (error, await neutron.tokens)
            }
        }
        #expect(failure == .unavailable("cannot authenticate with Keystone to call Neutron: Keystone is unreachable"))
        #expect(sent.isEmpty)
    }
}
