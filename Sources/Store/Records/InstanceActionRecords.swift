import ComputeModel
import Foundation
import GRDB

/// `os-instance-actions`: one row per (server, request, action), events inside.
public enum InstanceActionRecords {
    public static func insert(_ action: InstanceAction, in db: Database) throws {
        try db.cachedStatement(sql: "INSERT INTO instance_actions (server_id, request_id, action, record) VALUES (?, ?, ?, ?)").execute(arguments: [action.instanceUUID.uuidString, action.requestID, action.action, try JSONColumn.encode(action)])
    }

    public static func update(_ action: InstanceAction, in db: Database) throws {
        try db.cachedStatement(sql: "UPDATE instance_actions SET record = ? WHERE server_id = ? AND request_id = ? AND action = ?").execute(arguments: [try JSONColumn.encode(action), action.instanceUUID.uuidString, action.requestID, action.action])
        guard db.changesCount == 1 else { throw StoreError.missing("instance action \(action.action) \(action.requestID)") }
    }

    public static func fetch(serverID: UUID, requestID: String, action: String, in db: Database) throws -> InstanceAction? {
        try String.fetchOne(
            db.cachedStatement(sql: "SELECT record FROM instance_actions WHERE server_id = ? AND request_id = ? AND action = ?"),
            arguments: [serverID.uuidString, requestID, action]
        ).map { try JSONColumn.decode(InstanceAction.self, from: $0) }
    }

    /// Whether the request recorded that action already, without decoding it.
    public static func exists(serverID: UUID, requestID: String, action: String, in db: Database) throws -> Bool {
        try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT 1 FROM instance_actions WHERE server_id = ? AND request_id = ? AND action = ?"),
            arguments: [serverID.uuidString, requestID, action]) ?? false
    }

    /// Newest first, as Nova lists them.
    public static func fetchAll(serverID: UUID, in db: Database) throws -> [InstanceAction] {
        try String.fetchAll(db.cachedStatement(sql: "SELECT record FROM instance_actions WHERE server_id = ? ORDER BY id DESC"), arguments: [serverID.uuidString])
            .map { try JSONColumn.decode(InstanceAction.self, from: $0) }
    }

    /// Appends an event (started now) to an action.
    public static func startEvent(_ name: String, serverID: UUID, requestID: String, action: String, host: String, in db: Database) throws {
        guard var record = try fetch(serverID: serverID, requestID: requestID, action: action, in: db) else {
            throw StoreError.missing("instance action \(action) \(requestID)")
        }
        let now = Date()
        record.events.append(InstanceAction.Event(name: name, startTime: now, hostName: host))
        record.updatedAt = now
        try update(record, in: db)
    }

    /// Finishes the last event of that name with `Success` or `Error` (and the reason).
    public static func finishEvent(
        _ name: String, serverID: UUID, requestID: String, action: String, error: String?, in db: Database
    ) throws {
        guard var record = try fetch(serverID: serverID, requestID: requestID, action: action, in: db),
              let index = record.events.lastIndex(where: { $0.name == name })
        else { throw StoreError.missing("event \(name) of \(action) \(requestID)") }
        let now = Date()
        record.events[index].finishTime = now
        record.events[index].result = error == nil ? "Success" : "Error"
        record.events[index].details = error
        if error != nil { record.message = "Error" }
        record.updatedAt = now
        try update(record, in: db)
    }
}
