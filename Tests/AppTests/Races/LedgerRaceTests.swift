import Foundation
import JSONModel
import Store
import Testing

/// Issue 11: operations are serialised per server and per port, so races end exact: one
/// winner per device and per port, the losers refused with nothing left behind. After each
/// test the harness checks the ledger invariants; here each test also checks the ports.
struct LedgerRaceTests {
    /// The VF slot each bound port names, by port.
    static func boundSlots(_ api: APIClient, _ ports: [String]) async throws -> [String: String] {
        var slots: [String: String] = [:]
        for port in ports {
            if let slot = try await api.port(port)["binding:profile"]?["pci_slot"]?.stringValue { slots[port] = slot }
        }
        return slots
    }

    @Test func sixtyFourAttachesRacingForEightVFsEndWithEightWinners() async throws {
        let harness = try await ServiceHarness.make(fakeHost: .init(numaNodes: 1, pfCount: 1, vfsPerPF: 8), trackPFs: false)
        try await harness.run { (api: APIClient) async throws in
            let net = try await api.createNetwork()
            var servers: [String] = []
            for _ in 0..<16 { servers.append(try await api.boot()) }
            var ports: [String] = []
            for _ in 0..<64 { ports.append(try await api.createPort(network: net, vnicType: "direct")) }
            let pairs = ports.enumerated().map { (servers[$0.offset % 16], $0.element) }
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for (server, port) in pairs {
                    group.addTask { try await api.attach(server, port: port).status }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 200 }.count == 8)
            #expect(statuses.filter { $0 != 200 }.allSatisfy { $0 == 400 })
            let slots = try await Self.boundSlots(api, ports)
            #expect(slots.count == 8)
            #expect(Set(slots.values).count == 8, "no VF named by two ports")
            #expect(try await api.pciStatuses().values.filter { $0 == "allocated" }.count == 8)
            var attached = 0
            for server in servers { attached += try await api.interfacePortIDs(server).count }
            #expect(attached == 8)
        }
    }

    @Test func anAttachRacingTheDetachOfItsPortEndsExact() async throws {
        let harness = try await ServiceHarness.make(fakeHost: .init(numaNodes: 1, pfCount: 1, vfsPerPF: 2), trackPFs: false, removalDelay: .zero)
        try await harness.run { (api: APIClient) async throws in
            let net = try await api.createNetwork()
            let port = try await api.createPort(network: net, vnicType: "direct")
            let first = try await api.boot(ports: [port])
            let second = try await api.boot()
            async let detached = api.detach(first, port: port)
            async let attached = api.attach(second, port: port)
            let (detach, attach) = try await (detached, attached)
            #expect(detach.status == 202)
            await harness.service.manager.backgroundTasks.waitUntilIdle()
            #expect([200, 409].contains(attach.status))
            let owner = try await api.port(port)["device_id"]?.stringValue
            #expect(try await api.interfacePortIDs(first) == [])
            if attach.status == 200 {
                #expect(owner == second)
                #expect(try await api.interfacePortIDs(second) == [port])
                #expect(try await api.pciStatuses().values.filter { $0 == "allocated" }.count == 1)
            } else {
                #expect(owner == "")
                #expect(try await api.pciStatuses().values.allSatisfy { $0 == "available" })
            }
        }
    }

    @Test func aDeleteRacingAnAttachToItsServerLeavesNothingBehind() async throws {
        let harness = try await ServiceHarness.make(fakeHost: .init(numaNodes: 1, pfCount: 1, vfsPerPF: 2), trackPFs: false)
        try await harness.run { (api: APIClient) async throws in
            let net = try await api.createNetwork()
            let port = try await api.createPort(network: net, vnicType: "direct")
            let server = try await api.boot()
            async let attached = api.attach(server, port: port)
            async let deleted = api.call(.delete, "/v2.1/servers/\(server)")
            let (attach, delete) = try await (attached, deleted)
            #expect(delete.status == 204)
            #expect([200, 404].contains(attach.status))
            #expect(try await api.call(.get, "/v2.1/servers/\(server)").status == 404)
            #expect(try await api.port(port)["device_id"] == "")
            #expect(try await api.port(port)["binding:host_id"] == "")
            #expect(try await api.pciStatuses().values.allSatisfy { $0 == "available" })
        }
    }

    @Test func aDeleteRacingADetachLeavesNothingBehind() async throws {
        let harness = try await ServiceHarness.make(fakeHost: .init(numaNodes: 1, pfCount: 1, vfsPerPF: 2), trackPFs: false, removalDelay: .zero)
        try await harness.run { (api: APIClient) async throws in
            let net = try await api.createNetwork()
            let port = try await api.createPort(network: net, vnicType: "direct")
            let server = try await api.boot(ports: [port])
            async let detached = api.detach(server, port: port)
            async let deleted = api.call(.delete, "/v2.1/servers/\(server)")
            let (detach, delete) = try await (detached, deleted)
            await harness.service.manager.backgroundTasks.waitUntilIdle()
            #expect(delete.status == 204)
            #expect([202, 404].contains(detach.status))
            #expect(try await api.port(port)["device_id"] == "")
            #expect(try await api.pciStatuses().values.allSatisfy { $0 == "available" })
            #expect(try await harness.service.database.read { db in try JournalRecords.unfinished(in: db) } == [])
        }
    }
}
