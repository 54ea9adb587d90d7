import ComputeModel
import Foundation
import PCI
import Store
import TestSupport
import Testing

/// store-v4 on each backend: the services' integer ids, a service deleted only without
/// servers, and each journal row's host.
struct MembershipRecordsTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    func server(host: String) -> Server {
        Server(id: UUID(), name: "vm", projectID: "p", userID: "u", flavorID: "1", imageID: nil, vmState: .active,
               hostName: host, createdAt: start, updatedAt: start)
    }

    @Test(arguments: StoreBackend.available) func servicesAreNumberedInRegistrationOrderAndKeepTheirNumber(backend: StoreBackend) async throws {
        let db = try await backend.open()
        let first = try db.writeNow { db in try ServiceRecords.register(host: "h1", peerURL: nil, now: start, in: db) }
        let second = try db.writeNow { db in try ServiceRecords.register(host: "h2", peerURL: nil, now: start, in: db) }
        let again = try db.writeNow { db in try ServiceRecords.register(host: "h1", peerURL: "http://h1:8774", now: start, in: db) }
        #expect(first.number == 1 && second.number == 2 && again.number == 1)
        #expect(try db.readNow { db in try ServiceRecords.fetch(number: 2, in: db) }?.name == "h2")
        #expect(try db.readNow { db in try ServiceRecords.fetch(number: 3, in: db) }?.name == nil)
    }

    @Test(arguments: StoreBackend.available) func aServiceIsDeletedOnlyWithoutServersOnItsHost(backend: StoreBackend) async throws {
        let db = try await backend.open()
        try db.writeNow { db in
            try ServiceRecords.register(host: "h1", peerURL: nil, now: start, in: db)
            try ServiceRecords.register(host: "h2", peerURL: nil, now: start, in: db)
            try ServerRecords.insert(server(host: "h1"), in: db)
        }
        #expect(try db.writeNow { db in try ServiceRecords.delete(host: "h1", in: db) } == .hostsServers)
        #expect(try db.writeNow { db in try ServiceRecords.delete(host: "h2", in: db) } == .deleted)
        #expect(try db.writeNow { db in try ServiceRecords.delete(host: "h2", in: db) } == .notFound)
        #expect(try db.readNow { db in try ServiceRecords.fetchAll(in: db) }.map(\.name) == ["h1"])
    }

    @Test(arguments: StoreBackend.available) func aJournalRowBelongsToItsServersHostEvenOnceTheServerIsGone(backend: StoreBackend) async throws {
        let db = try await backend.open()
        let mine = server(host: "h1"), theirs = server(host: "h2")
        let rows = [mine, theirs].map { JournalEntry(kind: .delete, serverID: $0.id, portID: nil, step: "undefining", requestID: "req") }
        try db.writeNow { db in
            try ServerRecords.insert(mine, in: db)
            try ServerRecords.insert(theirs, in: db)
            for row in rows { try JournalRecords.save(row, in: db) }
            try ServerRecords.delete(mine.id, in: db)
            var rewritten = rows[0]
            rewritten.step = "removed"
            try JournalRecords.save(rewritten, in: db)
        }
        #expect(try db.readNow { db in try JournalRecords.open(host: "h1", in: db) }.map(\.serverID) == [mine.id])
        #expect(try db.readNow { db in try JournalRecords.open(host: "h2", in: db) }.map(\.serverID) == [theirs.id])
        #expect(try db.readNow { db in try JournalRecords.open(in: db) }.count == 2)
        // A row written for a server that was never recorded has no host until a host adopts it.
        let orphan = JournalEntry(kind: .delete, serverID: UUID(), portID: nil, step: "undefining", requestID: "req")
        try db.writeNow { db in try JournalRecords.save(orphan, in: db) }
        #expect(try db.readNow { db in try JournalRecords.open(host: "h1", in: db) }.count == 1)
        try db.writeNow { db in try JournalRecords.adoptUnowned(host: "h1", in: db) }
        #expect(try db.readNow { db in try JournalRecords.open(host: "h1", in: db) }.map(\.id) == [rows[0].id, orphan.id])
        #expect(try db.readNow { db in try JournalRecords.open(host: "h2", in: db) }.count == 1)
    }
}
