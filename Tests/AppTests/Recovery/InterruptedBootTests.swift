import App
import Compute
import ComputeModel
import Foundation
import JSONModel
import Store
import Testing

/// Issue 11: a crash during a boot left the server in BUILD forever. At the next start
/// the boot ends in ERROR, with what the server held released through the same path as a
/// failed boot.
struct InterruptedBootTests {
    @Test func aServerStillBuildingAtStartUpEndsInErrorWithItsDevicesReleased() async throws {
        let harness = try await ServiceHarness.make()
        let (port, server) = try await harness.run(keepDirectory: true) { (api: APIClient) async throws in
            let net = try await api.createNetwork()
            let port = try await api.createPort(network: net, vnicType: "direct")
            return (port, try await api.boot(ports: [port]))
        }
        // What a kill -9 after the boot's attach and before its last write leaves: the
        // server still building, its VF allocated, its port bound.
        let id = try #require(UUID(uuidString: server))
        try await harness.service.database.write { db in
            var building = try #require(try ServerRecords.fetch(id, in: db))
            building.vmState = .building
            try ServerRecords.update(building, in: db)
        }
        let restarted = try await StartupRecoveryTests.restart(harness)
        #expect(restarted.recovery.interruptedBoots == [id])
        try await ServiceHarness(service: restarted, directory: harness.directory).run(keepDirectory: true) { (api: APIClient) async throws in
            #expect(try await api.server(server)["status"] == "ERROR")
            #expect(try await api.pciStatuses()["0000:02:00.0"] == "available")
            #expect(try await api.port(port)["device_id"] == "")
            #expect(try await api.port(port)["binding:host_id"] == "")
            #expect(try await api.interfacePortIDs(server) == [])
        }
        // A second restart finds nothing left to do.
        let again = try await StartupRecoveryTests.restart(harness)
        defer { try? FileManager.default.removeItem(atPath: harness.directory) }
        #expect(again.recovery.interruptedBoots == [])
        try await again.shutdown()
    }
}
