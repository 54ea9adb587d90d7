import TestSupport
import Foundation
import GRDB
import Testing

@testable import EmbeddedNetwork
import NetworkModel

@Suite("EmbeddedNetworkService: persistence")
struct EmbeddedPersistenceTests {
    @Test("reopening the database shows the same networks, subnets and ports")
    func reopen() async throws {
        let path = "/dev/shm/networking-\(UUID().uuidString).sqlite"
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        let agents = BindingAgents(["compute0": ["physnet1"]])
        var written: (Network, NetworkModel.Port, NetworkModel.Port)
        do {
            let pool = try DatabasePool(path: path)
            try EmbeddedNetworkService.migrate(pool)
            let service = EmbeddedNetworkService(database: pool, agents: agents)
            let network = try await service.createNetwork(
                NetworkCreate(name: "net", networkType: "vlan", physicalNetwork: "physnet1", segmentationID: 101), caller: .admin)
            _ = try await service.createSubnet(SubnetCreate(networkID: network.id, cidr: "10.0.0.0/24"), caller: .admin)
            let plain = try await service.createPort(PortCreate(networkID: network.id, name: "plain"), caller: .admin)
            let port = try await service.createPort(
                PortCreate(networkID: network.id, vnicType: "direct", bindingProfile: ["trusted": true], numaAffinityPolicy: "socket"),
                caller: .admin)
            let bound = try await service.bindPort(port.id, EmbeddedNetworkFixture.vfBinding())
            written = (try await service.network(id: network.id), plain, bound)
            try pool.close()
        }
        let reopened = try DatabasePool(path: path)
        try EmbeddedNetworkService.migrate(reopened)  // already applied: a no-op
        let service = EmbeddedNetworkService(database: reopened, agents: agents)
        #expect(try await service.network(id: written.0.id) == written.0)
        #expect(try await service.port(id: written.1.id) == written.1)
        #expect(try await service.port(id: written.2.id) == written.2)
        #expect(try await service.port(id: written.2.id).vifDetails["vlan"] == "101")
        // The allocations survived too: the next port gets the next address.
        let next = try await service.createPort(PortCreate(networkID: written.0.id), caller: .admin)
        #expect(next.fixedIPs.map(\.ipAddress) == ["10.0.0.4"])
    }

    @Test("the app's migrator runs the networking migration under its own identifier")
    func migrationIdentifiers() throws {
        var migrator = DatabaseMigrator()
        EmbeddedNetworkService.registerMigrations(in: &migrator)
        #expect(migrator.migrations == ["networking-v1"])
        let queue = try DatabaseQueue()
        try migrator.migrate(queue)
        let tables = try queue.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'net_%' ORDER BY name")
        }
        #expect(tables == ["net_ip_allocations", "net_networks", "net_ports", "net_subnets"])
    }
}
