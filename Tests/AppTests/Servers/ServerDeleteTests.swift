import Foundation
import JSONModel
import Testing

/// Deleting a server releases everything it held through one path.
struct ServerDeleteTests {
    @Test func deleteFreesEveryDeviceAndUnbindsEveryPort() async throws {
        let harness = try await ServiceHarness.make(fakeHost: .init(numaNodes: 1, pfCount: 2, vfsPerPF: 2))
        try await harness.run { api in
            let net = try await api.createNetwork()
            let vf = try await api.createPort(network: net, vnicType: "direct")
            let macvtap = try await api.createPort(network: net, vnicType: "macvtap")
            let pf = try await api.createPort(network: net, vnicType: "direct-physical")
            let server = try await api.boot(ports: [vf, macvtap])
            #expect(try await api.attach(server, port: pf).status == 200)
            let used = try await api.pciStatuses().values.filter { $0 != "available" }
            #expect(used.count == 6)   // 2 VFs + their PF blocked, 1 PF + its 2 VFs blocked
            #expect(try await api.call(.delete, "/v2.1/servers/\(server)").status == 204)
            #expect(try await api.pciStatuses().values.allSatisfy { $0 == "available" })
            for port in [vf, macvtap, pf] {
                let view = try await api.port(port)
                #expect(view["device_id"] == "")
                #expect(view["binding:profile"] == [:])
            }
            #expect(try await api.call(.get, "/v2.1/servers/\(server)").status == 404)
            #expect(try await api.service.hypervisor.domains().isEmpty)
        }
    }

    @Test func deleteDuringAStuckDetachStillFreesTheDevice() async throws {
        let harness = try await ServiceHarness.make(detachTimeout: .milliseconds(50), detachAttempts: 1)
        try await harness.run { api in
            let net = try await api.createNetwork()
            let port = try await api.createPort(network: net, vnicType: "direct")
            let server = try await api.boot(ports: [port])
            try await api.simulator().ignoreUnplug(in: try #require(UUID(uuidString: server)))
            #expect(try await api.detach(server, port: port).status == 202)
            #expect(try await api.pciStatuses()["0000:02:00.0"] == "quarantined")
            #expect(try await api.call(.delete, "/v2.1/servers/\(server)").status == 204)
            #expect(try await api.pciStatuses().values.allSatisfy { $0 == "available" })
            #expect(try await api.port(port)["device_id"] == "")
        }
    }
}
