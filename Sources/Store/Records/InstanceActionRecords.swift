import ComputeModel
import Foundation

/// `os-instance-actions`: one row per (server, request, action), events inside.
public enum InstanceActionRecords {
    public static func insert(_ action: InstanceAction, in db: StoreTransaction) throws {
        try db.send("INSERT INTO instance_actions (server_id, request_id, action, record) VALUES (?, ?, ?, ?)",
                       [StoreValue(action.instanceUUID), .text(action.requestID), .text(action.action), .text(try JSONColumn.encode(action))])
    }

    public static func update(_ action: InstanceAction, in db: StoreTransaction) throws {
        let changed = try db.execute("UPDATE instance_actions SET record = ? WHERE server_id = ? AND request_id = ? AND action = ?",
                                     [.text(try JSONColumn.encode(action)), StoreValue(action.instanceUUID), .text(action.requestID), .text(action.action)])
        guard changed == 1 else { throw StoreError.missing("instance action \(action.action) \(action.requestID)") }
    }

    public static func fetch(serverID: UUID, requestID: String, action: String, in db: StoreTransaction) throws -> InstanceAction? {
        try db.documents(InstanceAction.self, "SELECT record FROM instance_actions WHERE server_id = ? AND request_id = ? AND action = ?",
                         [StoreValue(serverID), .text(requestID), .text(action)]).first
    }

    /// Whether the request recorded that action already, without decoding it.
    public static func exists(serverID: UUID, requestID: String, action: String, in db: StoreTransaction) throws -> Bool {
        try db.exists("SELECT 1 FROM instance_actions WHERE server_id = ? AND request_id = ? AND action = ?",
                      [StoreValue(serverID), .text(requestID), .text(action)])
    }

    /// Newest first, as Nova lists them.
    public static func fetchAll(serverID: UUID, in db: StoreTransaction) throws -> [InstanceAction] {
        try db.documents(InstanceAction.self, "SELECT record FROM instance_actions WHERE server_id = ? ORDER BY id DESC", [StoreValue(serverID)])
    }

    /// Appends an event (started now) to an action.
    public static func startEvent(_ name: String, serverID: UUID, requestID: String, action: String, host: String, in db: StoreTransaction) throws {
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
        _ name: String, serverID: UUID, requestID: String, action: String, error: String?, in db: StoreTransaction
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

    /// Removes a server's actions: a create its host withdrew leaves nothing behind.
    public static func deleteAll(serverID: UUID, in db: StoreTransaction) throws {
        try db.execute("DELETE FROM instance_actions WHERE server_id = ?", [StoreValue(serverID)])
    }
}
