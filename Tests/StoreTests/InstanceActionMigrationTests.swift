import ComputeModel
import Foundation
import GRDB
@testable import PostgresStore
@testable import SQLiteStore
import Store
import TestSupport
import Testing

/// store-v5 on a database store-v4 left: each action's JSON document becomes the action's
/// columns and one row per event, nothing lost (times to the millisecond, as the documents
/// hold them), and the converted rows take new events and finishes as new rows do.
struct InstanceActionMigrationTests {
    static let server = UUID()

    /// What store-v4 held: a finished create, a failed attach with an event still open and
    /// a second of the same name, and an action without events (a lock); another server's.
    static let documents: [InstanceAction] = {
        func at(_ milliseconds: Double) -> Date { Date(timeIntervalSince1970: (1_796_563_750_098.6711 + milliseconds) / 1000) }
        let other = UUID()
        return [
            InstanceAction(action: "create", instanceUUID: server, requestID: "req-a", userID: "admin", projectID: "admin",
                           startTime: at(0), updatedAt: at(10.5), events: [
                               .init(name: "compute__do_build_and_run_instance", startTime: at(0), finishTime: at(10.5), result: "Success",
                                     hostName: "compute0"),
                           ]),
            InstanceAction(action: "attach_interface", instanceUUID: server, requestID: "req-b", userID: "u", projectID: "p",
                           startTime: at(20), updatedAt: at(31.25), message: "Error", events: [
                               .init(name: "compute_attach_interface", startTime: at(20), finishTime: at(31.25), result: "Error",
                                     details: "no free VF \"quoted\"", hostName: "compute1"),
                               .init(name: "compute_attach_interface", startTime: at(25), hostName: "compute1"),
                           ]),
            InstanceAction(action: "lock", instanceUUID: server, requestID: "req-c", userID: "u", projectID: "p", startTime: at(40),
                           updatedAt: at(40)),
            InstanceAction(action: "create", instanceUUID: other, requestID: "req-d", userID: "u", projectID: "p", startTime: at(50),
                           updatedAt: at(50), events: [.init(name: "conductor_schedule_and_build_instances", startTime: at(50), hostName: "compute0")]),
        ]
    }()

    @Test(arguments: StoreBackend.available) func eachDocumentBecomesColumnsAndEventRows(backend: StoreBackend) async throws {
        let folder = try TemporaryDirectory(prefix: "sriov-storetest")
        defer { folder.remove() }
        let store = try await Self.migratedFromV4(backend, holding: Self.documents, in: folder.path)
        let actions = try store.readNow { db in
            try InstanceActionRecords.fetchAll(serverID: Self.server, in: db)
                + InstanceActionRecords.fetchAll(serverID: Self.documents[3].instanceUUID, in: db)
        }
        let expected = Array(Self.documents[0...2].reversed()) + [Self.documents[3]]
        #expect(actions.count == expected.count)
        for (migrated, document) in zip(actions, expected) { Self.expectSameToTheMillisecond(migrated, document) }
        // The converted rows go on as new ones: an event appended after the old ones, the
        // open one of two finished as the newest of its name.
        try store.writeNow { db in
            try InstanceActionRecords.finishEvent("compute_attach_interface", serverID: Self.server, requestID: "req-b",
                                                  action: "attach_interface", error: nil, in: db)
            try InstanceActionRecords.record(InstanceAction(action: "create", instanceUUID: Self.server, requestID: "req-a", userID: "x",
                                                            projectID: "x", startTime: Date(), updatedAt: Date(),
                                                            events: [.init(name: "late", startTime: Date(), hostName: "compute0")]), in: db)
        }
        let attach = try #require(try store.readNow { db in
            try InstanceActionRecords.fetch(serverID: Self.server, requestID: "req-b", action: "attach_interface", in: db)
        })
        #expect(attach.events.map(\.result) == ["Error", "Success"])
        #expect(attach.message == "Error")
        let create = try #require(try store.readNow { db in
            try InstanceActionRecords.fetch(serverID: Self.server, requestID: "req-a", action: "create", in: db)
        })
        #expect(create.events.map(\.name) == ["compute__do_build_and_run_instance", "late"] && create.userID == "admin")
    }

    /// A store at store-v4 holding `actions` as that schema wrote them (a JSON document per
    /// action), then opened (SQLite, a file in `folder`) or migrated (PostgreSQL, a schema
    /// of its own) to the current schema.
    static func migratedFromV4(_ backend: StoreBackend, holding actions: [InstanceAction], in folder: String) async throws -> any ComputeStore {
        let insert = "INSERT INTO instance_actions (server_id, request_id, action, record) VALUES (?, ?, ?, ?)"
        let rows = try actions.map { [$0.instanceUUID.uuidString, $0.requestID, $0.action, try JSONColumn.encode($0)] }
        switch backend {
        case .sqlite:
            return try await SQLiteSchema.store(in: folder, at: "store-v4") { db in
                for row in rows { try db.execute(sql: insert, arguments: StatementArguments(row)) }
            }
        case .postgres:
            // A new schema at the current version, its instance actions put back as store-v2
            // created them and store-v5 forgotten; migrating again applies store-v5 alone.
            let store = try await StoreBackend.postgres(schema: StoreBackend.newSchemaName())
            let version2 = try #require(PostgresSchema.migrations.first { $0.name == "store-v2" })
            try store.writeNow { db in
                try db.executor.execute("DROP TABLE instance_action_events", [])
                try db.executor.execute("DROP TABLE instance_actions", [])
                for statement in version2.statements where statement.contains("instance_actions") { try db.executor.execute(statement, []) }
                try db.executor.execute("DELETE FROM store_migrations WHERE name = 'store-v5'", [])
                for row in rows { try db.executor.execute(insert, row.map(StoreValue.text)) }
                try PostgresSchema.migrate(db)
            }
            return store
        }
    }

    static func expectSameToTheMillisecond(_ migrated: InstanceAction, _ document: InstanceAction, sourceLocation: SourceLocation = #_sourceLocation) {
        func near(_ a: Date?, _ b: Date?) -> Bool {
            guard let a, let b else { return a == nil && b == nil }
            return abs(a.timeIntervalSince(b)) < 0.001
        }
        func withoutTimes(_ action: InstanceAction) -> InstanceAction {
            var action = action
            action.startTime = .distantPast
            action.updatedAt = .distantPast
            for index in action.events.indices {
                action.events[index].startTime = .distantPast
                action.events[index].finishTime = action.events[index].finishTime.map { _ in .distantPast }
            }
            return action
        }
        #expect(withoutTimes(migrated) == withoutTimes(document), sourceLocation: sourceLocation)
        #expect(near(migrated.startTime, document.startTime) && near(migrated.updatedAt, document.updatedAt), sourceLocation: sourceLocation)
        #expect(zip(migrated.events, document.events).allSatisfy { near($0.startTime, $1.startTime) && near($0.finishTime, $1.finishTime) },
                sourceLocation: sourceLocation)
    }
}
