import Foundation
import JSONModel
import Testing

/// A client that waits for the port to be unbound after a detach (as Tempest's
/// `wait_for_interface_detach` does) may attach it again at once: by the time the port
/// looks free, the ledger has forgotten the old interface.
struct ReattachTests {
    @Test func aPortCanBeAttachedAgainAsSoonAsItsDetachUnboundIt() async throws {
        let harness = try await ServiceHarness.make(removalDelay: .zero)
        try await harness.run { api in
            let net = try await api.createNetwork()
            let port = try await api.createPort(network: net, vnicType: "direct")
            let server = try await api.boot()
            for round in 1...20 {
                let attached = try await api.attach(server, port: port)
                try #require(attached.status == 200, "round \(round): \(attached.faultMessage ?? "")")
                // The raw DELETE, then the client's own wait: `api.detach` would wait for the
                // background detach to end, which is what this test must not do.
                #expect(try await api.call(.delete, "/v2.1/servers/\(server)/os-interface/\(port)").status == 202)
                try await Self.waitUntilUnbound(port, api)
            }
            #expect(try await api.pciStatuses()["0000:02:00.0"] == "available")
            let actions = try await api.actions(server).compactMap { $0["action"]?.stringValue }
            #expect(actions.filter { $0 == "attach_interface" }.count == 20)
            #expect(actions.filter { $0 == "detach_interface" }.count == 20)
        }
    }

    @Test func aPortStillBeingDetachedFromOneServerIsRefusedToAnother() async throws {
        let harness = try await ServiceHarness.make(removalDelay: .zero)
        try await harness.run { (api: APIClient) async throws in
            // The detach is held between the unbind and the free: the port looks free to
            // the network, but the ledger still has its interface.
            let gate = Gate()
            let manager = harness.manager(network: GatedUnbindNetwork(base: harness.service.network, gate: gate))
            let net = try await api.createNetwork()
            let port = try await api.createPort(network: net, vnicType: "direct")
            let first = try await api.boot(ports: [port])
            let second = try await api.boot()
            try await manager.detachInterface(port, from: try #require(UUID(uuidString: first)), context: DetachRaceTests.admin())
            try await Self.waitUntilUnbound(port, api)
            let refused = try await api.attach(second, port: port)
            #expect(refused.status == 409)
            #expect(refused.faultMessage == "Port \(port) is still in use.")
            await gate.open()
            await manager.backgroundTasks.waitUntilIdle()
            #expect(try await api.attach(second, port: port).status == 200)
            #expect(try await api.port(port)["device_id"]?.stringValue == second)
        }
    }

    /// Polls as a client would, giving up after 10 s so that a regression fails instead of hanging.
    static func waitUntilUnbound(_ port: String, _ api: APIClient) async throws {
        for _ in 0..<10_000 {
            if try await api.port(port)["device_id"] == "" { return }
            try await Task.sleep(for: .milliseconds(1))
        }
        Issue.record("port \(port) was never unbound")
    }
}
