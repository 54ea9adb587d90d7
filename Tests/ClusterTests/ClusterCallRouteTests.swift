import AsyncHTTPClient
import Cluster
import ComputeModel
import Foundation
import JSONModel
import Store
import Testing
import TestSupport

/// The calls between hosts authenticate: unsigned, wrongly signed or stale calls are
/// refused (401) and run nothing; a host without a secret neither calls nor takes calls.
@Suite(.serialized) struct ClusterCallRouteTests {
    static func call(_ delete: UUID) throws -> [UInt8] {
        Array(try JSONColumn.encode(PeerRequest(call: .delete(server: delete),
                                                context: RequestContext(userID: "admin", projectID: "admin", isAdmin: true, requestID: "req-x"))).utf8)
    }

    @Test func unsignedBadOrStaleCallsAreRefusedAndRunNothing() async throws {
        try await ClusterHarness.run(layouts: [nil, nil, .init(numaNodes: 1, pfCount: 1, vfsPerPF: 2)]) { cluster in
            let api = cluster.client(1)
            let net = try await api.createNetwork()
            let server = try await api.bootedServer([try await api.createPort(network: net)])
            let id = try #require(UUID(uuidString: server))
            let body = try Self.call(id)
            let target = ClusterClient(base: cluster[3].url)
            func post(_ headers: [(String, String)]) async throws -> ClusterClient.Reply {
                var request = HTTPClientRequest(url: target.base + PeerClient.path)
                request.method = .POST
                for (name, value) in headers { request.headers.add(name: name, value: value) }
                request.body = .bytes(.init(bytes: body))
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
                let text = String(buffer: try await response.body.collect(upTo: 1 << 20))
                return ClusterClient.Reply(status: Int(response.status.code), json: nil, text: text)
            }
            let unsigned = try await post([])
            #expect(unsigned.status == 401)
            #expect(unsigned.text.contains("not signed"))
            let wrong = try CallSignature(secret: "another secret").headers(method: "POST", path: PeerClient.path, body: body, at: Date())
            let badSignature = try await post(wrong)
            #expect(badSignature.status == 401)
            #expect(badSignature.text.contains("signature does not match"))
            let stale = try CallSignature(secret: ClusterHarness.secret).headers(method: "POST", path: PeerClient.path, body: body,
                                                                                at: Date().addingTimeInterval(-120))
            let staleReply = try await post(stale)
            #expect(staleReply.status == 401)
            #expect(staleReply.text.contains("timestamp"))
            #expect(try await api.server(server).json?["server"]?["status"] == "ACTIVE")

            // Correctly signed, it runs on host 3.
            let good = try CallSignature(secret: ClusterHarness.secret).headers(method: "POST", path: PeerClient.path, body: body, at: Date())
            let done = try await post(good)
            #expect(done.status == 200)
            #expect(try JSONColumn.decode(PeerAnswer.self, from: done.text) == .done)
            #expect(try await api.server(server).status == 404)
        }
    }

    @Test func aHostWithoutTheSecretIsRefusedAndRefuses() async throws {
        try await ClusterHarness.run(layouts: [nil, nil, .init(numaNodes: 1, pfCount: 1, vfsPerPF: 2)], configure: { index, configuration in
            if index == 1 { configuration.clusterSecret = "not the cloud's" }
            if index == 0 { configuration.clusterSecret = nil }
        }) { cluster in
            let net = try await cluster.client(3).createNetwork()
            let server = try await cluster.client(3).bootedServer([try await cluster.client(3).createPort(network: net)])
            #expect(try await cluster.host(of: server) == "host3")
            // Host 2 signs with another secret: host 3 refuses, nothing happens.
            let wrong = try await cluster.client(2).call(.POST, "/v2.1/servers/\(server)/action", ["os-stop": .null])
            #expect(wrong.status == 500)
            #expect(wrong.text.contains("The call to compute host host3 was refused: the call's signature does not match"))
            // Host 1 has no secret: it cannot sign.
            let unsigned = try await cluster.client(1).call(.POST, "/v2.1/servers/\(server)/action", ["os-stop": .null])
            #expect(unsigned.status == 500)
            #expect(unsigned.text.contains("no [cluster] secret"))
            #expect(try await cluster.client(1).server(server).json?["server"]?["status"] == "ACTIVE")
            #expect(try await cluster.client(3).call(.DELETE, "/v2.1/servers/\(server)").status == 204)
        }
    }
}
