import ComputeModel
import Foundation
import Store
import TestSupport
import Testing

/// The hosts of one cloud: registration, heartbeat, disable and forced down, on each backend.
struct ServiceRecordsTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test(arguments: StoreBackend.available) func aRestartKeepsTheIDAndTheOperatorsDisableAndRenewsTheRest(backend: StoreBackend) async throws {
        let db = try await backend.open()
        let first = try db.writeNow { db in try ServiceRecords.register(host: "h1", peerURL: "http://10.0.0.1:8774", now: start, in: db) }
        #expect(first.name == "h1" && first.peerURL == "http://10.0.0.1:8774" && !first.disabled && !first.forcedDown)
        #expect(first.lastSeenAt == start && first.createdAt == start)
        let later = start.addingTimeInterval(30)
        let disabled = try db.writeNow { db in try ServiceRecords.setDisabled(true, reason: "maintenance", host: "h1", now: later, in: db) }
        #expect(disabled?.disabled == true && disabled?.disabledReason == "maintenance" && disabled?.updatedAt == later)
        let restarted = try db.writeNow { db in
            try ServiceRecords.register(host: "h1", peerURL: "http://10.0.0.9:8774", now: later.addingTimeInterval(5), in: db)
        }
        #expect(restarted.id == first.id)
        #expect(restarted.disabled && restarted.disabledReason == "maintenance")
        #expect(restarted.peerURL == "http://10.0.0.9:8774")
        #expect(restarted.lastSeenAt == later.addingTimeInterval(5) && restarted.createdAt == start)
        let enabled = try db.writeNow { db in try ServiceRecords.setDisabled(false, reason: "ignored", host: "h1", now: later, in: db) }
        #expect(enabled?.disabled == false && enabled?.disabledReason == nil)
    }

    @Test(arguments: StoreBackend.available) func theHeartbeatRenewsOneHostAndAGoneRowIsAnError(backend: StoreBackend) async throws {
        let db = try await backend.open()
        try db.writeNow { db in
            try ServiceRecords.register(host: "h1", peerURL: nil, now: start, in: db)
            try ServiceRecords.register(host: "h2", peerURL: nil, now: start.addingTimeInterval(1), in: db)
        }
        try db.writeNow { db in try ServiceRecords.heartbeat(host: "h2", now: start.addingTimeInterval(100), in: db) }
        let hosts = try db.readNow { db in try ServiceRecords.fetchAll(in: db) }
        #expect(hosts.map(\.name) == ["h1", "h2"])
        let now = start.addingTimeInterval(120)
        #expect(hosts.map { $0.isUp(at: now, downAfter: 60) } == [false, true])
        #expect(throws: StoreError.missing("compute service of host h3")) {
            try db.writeNow { db in try ServiceRecords.heartbeat(host: "h3", now: now, in: db) }
        }
        let forced = try db.writeNow { db in try ServiceRecords.setForcedDown(true, host: "h2", now: now, in: db) }
        #expect(forced?.isUp(at: now, downAfter: 60) == false)
        let byID = try db.readNow { db in try ServiceRecords.fetch(id: hosts[1].id, in: db) }
        #expect(byID?.name == "h2" && byID?.forcedDown == true)
        #expect(try db.writeNow { db in try ServiceRecords.setDisabled(true, reason: nil, host: "h9", now: now, in: db) } == nil)
    }

    @Test(arguments: StoreBackend.available) func aServersHostIsItsOwnColumn(backend: StoreBackend) async throws {
        let db = try await backend.open()
        var server = Server(id: UUID(), name: "vm", projectID: "p", userID: "u", flavorID: "1", imageID: nil, vmState: .active,
                            hostName: "h2", createdAt: start, updatedAt: start)
        try db.writeNow { db in try ServerRecords.insert(server, in: db) }
        #expect(try db.readNow { db in try ServerRecords.host(of: server.id, in: db) } == "h2")
        server.hostName = "h3"
        try db.writeNow { db in try ServerRecords.update(server, in: db) }
        #expect(try db.readNow { db in try ServerRecords.host(of: server.id, in: db) } == "h3")
        #expect(try db.readNow { db in try ServerRecords.host(of: UUID(), in: db) } == nil)
    }
}
