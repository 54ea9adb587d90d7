import ComputeModel
import Foundation
import SQLiteStore
import Store
import TestSupport
import Testing

/// `os-instance-actions` in rows (store-v5): recording an action, starting and finishing an
/// event answer as the JSON document did, on each backend, and are writes nobody reads.
struct InstanceActionRecordsTests {
    static let server = UUID()
    /// Whole seconds: a date both backends give back bit for bit.
    static func at(_ seconds: Int) -> Date { Date(timeIntervalSince1970: 1_800_000_000 + Double(seconds)) }

    static func action(_ name: String = "attach_interface", request: String = "req-1", user: String = "u", event: String?, at time: Date,
                       server: UUID = server) -> InstanceAction {
        InstanceAction(action: name, instanceUUID: server, requestID: request, userID: user, projectID: "p", startTime: time, updatedAt: time,
                       events: event.map { [InstanceAction.Event(name: $0, startTime: time, hostName: "compute0")] } ?? [])
    }

    static func stored(_ db: any ComputeStore, request: String = "req-1", action: String = "attach_interface") throws -> InstanceAction {
        try #require(try db.readNow { db in try InstanceActionRecords.fetch(serverID: server, requestID: request, action: action, in: db) })
    }

    @Test(arguments: StoreBackend.available) func aRequestRecordsItsActionOnceAndEachEventStartsAndFinishes(backend: StoreBackend) async throws {
        let db = try await backend.open()
        try db.writeNow { db in try InstanceActionRecords.record(Self.action(event: "compute_attach_interface", at: Self.at(0)), in: db) }
        // The same request again (as a boot's attach records `create` again): the action
        // keeps its own fields, the new event is appended and renews `updated_at`.
        try db.writeNow { db in
            try InstanceActionRecords.record(Self.action(user: "someone-else", event: "compute_attach_interface_again", at: Self.at(10)), in: db)
        }
        // Without an event it changes nothing.
        try db.writeNow { db in try InstanceActionRecords.record(Self.action(user: "third", event: nil, at: Self.at(20)), in: db) }
        var expected = Self.action(event: "compute_attach_interface", at: Self.at(0))
        expected.updatedAt = Self.at(10)
        expected.events.append(.init(name: "compute_attach_interface_again", startTime: Self.at(10), hostName: "compute0"))
        #expect(try Self.stored(db) == expected)

        try db.writeNow { db in
            try InstanceActionRecords.finishEvent("compute_attach_interface", serverID: Self.server, requestID: "req-1",
                                                  action: "attach_interface", error: "no free VF", at: Self.at(30), in: db)
        }
        expected.events[0].finishTime = Self.at(30)
        expected.events[0].result = "Error"
        expected.events[0].details = "no free VF"
        expected.message = "Error"
        expected.updatedAt = Self.at(30)
        #expect(try Self.stored(db) == expected)
        // A success later keeps the action's message, as Nova's does.
        try db.writeNow { db in
            try InstanceActionRecords.finishEvent("compute_attach_interface_again", serverID: Self.server, requestID: "req-1",
                                                  action: "attach_interface", error: nil, at: Self.at(40), in: db)
        }
        expected.events[1].finishTime = Self.at(40)
        expected.events[1].result = "Success"
        expected.updatedAt = Self.at(40)
        #expect(try Self.stored(db) == expected)
    }

    /// "The last event of that name", as the document's `lastIndex(where:)` picked it: the
    /// newest, whether finished or not; the earlier ones stay as they were.
    @Test(arguments: StoreBackend.available) func finishingAnEventFinishesTheNewestOfThatName(backend: StoreBackend) async throws {
        let db = try await backend.open()
        try db.writeNow { db in
            try InstanceActionRecords.record(Self.action(event: "compute_attach_interface", at: Self.at(0)), in: db)
            try InstanceActionRecords.record(Self.action(event: "other", at: Self.at(1)), in: db)
            try InstanceActionRecords.record(Self.action(event: "compute_attach_interface", at: Self.at(2)), in: db)
            try InstanceActionRecords.record(Self.action(event: "other", at: Self.at(3)), in: db)
        }
        try db.writeNow { db in
            try InstanceActionRecords.finishEvent("compute_attach_interface", serverID: Self.server, requestID: "req-1",
                                                  action: "attach_interface", error: nil, at: Self.at(10), in: db)
        }
        var events = try Self.stored(db).events
        #expect(events.map(\.name) == ["compute_attach_interface", "other", "compute_attach_interface", "other"])
        #expect(events.map(\.finishTime) == [nil, nil, Self.at(10), nil])
        // Finishing it again finishes the newest again (it overwrites), never the older open one.
        try db.writeNow { db in
            try InstanceActionRecords.finishEvent("compute_attach_interface", serverID: Self.server, requestID: "req-1",
                                                  action: "attach_interface", error: "late", at: Self.at(20), in: db)
        }
        events = try Self.stored(db).events
        #expect(events.map(\.finishTime) == [nil, nil, Self.at(20), nil])
        #expect(events.map(\.result) == [nil, nil, "Error", nil])
        #expect(events.map(\.details) == [nil, nil, "late", nil])
    }

    /// The document's read threw `StoreError.missing` here; a write nobody reads cannot, so
    /// an event never started (or an action that is gone) is finished by writing nothing:
    /// neither a stray event nor the action's `updated_at` or message changes.
    @Test(arguments: StoreBackend.available) func finishingAnEventNeverStartedWritesNothing(backend: StoreBackend) async throws {
        let db = try await backend.open()
        try db.writeNow { db in try InstanceActionRecords.record(Self.action(event: "compute_attach_interface", at: Self.at(0)), in: db) }
        let before = try Self.stored(db)
        try db.writeNow { db in
            try InstanceActionRecords.finishEvent("compute_detach_interface", serverID: Self.server, requestID: "req-1",
                                                  action: "attach_interface", error: "boom", at: Self.at(50), in: db)
            try InstanceActionRecords.finishEvent("compute_attach_interface", serverID: Self.server, requestID: "req-missing",
                                                  action: "attach_interface", error: "boom", at: Self.at(50), in: db)
            try InstanceActionRecords.finishEvent("compute_attach_interface", serverID: Self.server, requestID: "req-1",
                                                  action: "detach_interface", error: "boom", at: Self.at(50), in: db)
        }
        #expect(try db.readNow { db in try InstanceActionRecords.fetchAll(serverID: Self.server, in: db) } == [before])
    }

    @Test(arguments: StoreBackend.available) func aServersActionsListNewestFirstAndGoWithTheirEvents(backend: StoreBackend) async throws {
        let db = try await backend.open()
        let elsewhere = UUID()
        let create = Self.action("create", request: "req-a", event: "compute__do_build_and_run_instance", at: Self.at(0))
        let lock = Self.action("lock", request: "req-b", event: nil, at: Self.at(1))
        let attach = Self.action(request: "req-c", event: "compute_attach_interface", at: Self.at(2))
        try db.writeNow { db in
            for action in [create, lock, attach] { try InstanceActionRecords.record(action, in: db) }
            try InstanceActionRecords.record(Self.action("create", request: "req-a", event: "x", at: Self.at(3), server: elsewhere), in: db)
        }
        #expect(try db.readNow { db in try InstanceActionRecords.fetchAll(serverID: Self.server, in: db) } == [attach, lock, create])
        #expect(try db.readNow { db in try InstanceActionRecords.fetchAll(serverID: elsewhere, in: db) }.map(\.events.count) == [1])
        // A withdrawn create leaves nothing: the same request recorded again starts afresh.
        try db.writeNow { db in try InstanceActionRecords.deleteAll(serverID: Self.server, in: db) }
        #expect(try db.readNow { db in try InstanceActionRecords.fetchAll(serverID: Self.server, in: db) } == [])
        let again = Self.action("create", request: "req-a", event: "conductor_schedule_and_build_instances", at: Self.at(9))
        try db.writeNow { db in try InstanceActionRecords.record(again, in: db) }
        #expect(try db.readNow { db in try InstanceActionRecords.fetchAll(serverID: Self.server, in: db) } == [again])
        #expect(try db.readNow { db in try InstanceActionRecords.fetchAll(serverID: elsewhere, in: db) }.map(\.events.count) == [1])
    }

    /// The point of store-v5: on PostgreSQL a statement waited for is a round trip, and a
    /// send is not (the executor holds it). Recording an action with its event and finishing
    /// an event are sends only, with nothing read or waited for before them.
    @Test func recordingAndFinishingAreSendsWithNoRead() throws {
        let store = try SQLiteStore.inMemory()
        let log = StatementLog()
        try store.writeNow { db in
            let recorded = StoreTransaction(RecordingExecutor(base: db.executor, log: log))
            try InstanceActionRecords.record(Self.action(event: "compute_attach_interface", at: Self.at(0)), in: recorded)
            try InstanceActionRecords.finishEvent("compute_attach_interface", serverID: Self.server, requestID: "req-1",
                                                  action: "attach_interface", error: nil, in: recorded)
        }
        #expect(log.kinds == ["send", "send", "send", "send"])
        #expect(try Self.stored(store).events.map(\.result) == ["Success"])
    }
}

/// What a `RecordingExecutor` was asked to run, in order.
final class StatementLog {
    var kinds: [String] = []
}

/// An executor that notes each call's kind and passes it on.
struct RecordingExecutor: SQLExecutor {
    let base: any SQLExecutor
    let log: StatementLog

    func execute(_ sql: String, _ arguments: [StoreValue]) throws -> Int {
        log.kinds.append("execute")
        return try base.execute(sql, arguments)
    }

    func query<T>(_ sql: String, _ arguments: [StoreValue], _ map: (any StoreRow) throws -> T) throws -> [T] {
        log.kinds.append("query")
        return try base.query(sql, arguments, map)
    }

    func send(_ sql: String, _ arguments: [StoreValue]) throws {
        log.kinds.append("send")
        try base.send(sql, arguments)
    }

    var insertionOrder: String { base.insertionOrder }
}
