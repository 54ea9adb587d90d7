import ComputeModel
import Foundation

/// `os-instance-actions`: one row per (server, request, action) in `instance_actions`, its
/// events one row each in `instance_action_events` (store-v5), keyed by the same three
/// columns so that an event can be written in the statement that records its action.
/// Recording an action, starting and finishing an event are writes nobody reads (`send`)
/// with no read before them: each answers its own question ("unless the request has it
/// already", "the last event of that name") inside its statement.
public enum InstanceActionRecords {
    /// Records the action unless the request has it already (a boot's attach records
    /// `create` again), and starts its events. An action already there keeps its fields;
    /// a new event renews its `updated_at`, as appending one did.
    public static func record(_ action: InstanceAction, in db: StoreTransaction) throws {
        let onConflict = action.events.isEmpty ? "DO NOTHING" : "DO UPDATE SET updated_at = excluded.updated_at"
        try db.send("""
            INSERT INTO instance_actions (server_id, request_id, action, user_id, project_id, start_time, updated_at, message)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (server_id, request_id, action) \(onConflict)
            """, key(of: action) + [.text(action.userID), .text(action.projectID), .date(action.startTime), .date(action.updatedAt),
                                    StoreValue(action.message)])
        for event in action.events {
            try db.send("""
                INSERT INTO instance_action_events (server_id, request_id, action, name, host, start_time, finish_time, result, details)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, key(of: action) + [.text(event.name), .text(event.hostName), .date(event.startTime), StoreValue(event.finishTime),
                                        StoreValue(event.result), StoreValue(event.details)])
        }
    }

    /// Finishes the last event of that name (the newest, finished or not) with `Success` or
    /// `Error` and the reason; an error also sets the action's message to "Error". Both the
    /// event and the action's `updated_at` change only if that event exists: finishing one
    /// that was never started, or whose action is gone, writes nothing and is no error
    /// (it is history; no caller undoes an operation for it).
    public static func finishEvent(
        _ name: String, serverID: UUID, requestID: String, action: String, error: String?, at now: Date = Date(), in db: StoreTransaction
    ) throws {
        let event: [StoreValue] = [StoreValue(serverID), .text(requestID), .text(action), .text(name)]
        let order = db.insertionOrder
        // The action first: it reads whether the event exists, which finishing it does not
        // change, and a write read before it is written joins one statement (`send`).
        try db.send("""
            UPDATE instance_actions SET updated_at = ?, message = COALESCE(?, message)
            WHERE server_id = ? AND request_id = ? AND action = ? AND EXISTS (
                SELECT 1 FROM instance_action_events AS started
                WHERE started.server_id = ? AND started.request_id = ? AND started.action = ? AND started.name = ?)
            """, [.date(now), StoreValue(error == nil ? nil : "Error"), StoreValue(serverID), .text(requestID), .text(action)] + event)
        try db.send("""
            UPDATE instance_action_events SET finish_time = ?, result = ?, details = ?
            WHERE server_id = ? AND request_id = ? AND action = ? AND name = ? AND \(order) = (
                SELECT MAX(newest.\(order)) FROM instance_action_events AS newest
                WHERE newest.server_id = ? AND newest.request_id = ? AND newest.action = ? AND newest.name = ?)
            """, [.date(now), .text(error == nil ? "Success" : "Error"), StoreValue(error)] + event + event)
    }

    public static func fetch(serverID: UUID, requestID: String, action: String, in db: StoreTransaction) throws -> InstanceAction? {
        try select("a.server_id = ? AND a.request_id = ? AND a.action = ?", [StoreValue(serverID), .text(requestID), .text(action)], in: db).first
    }

    /// Newest first, as Nova lists them; each action's events in the order they started.
    public static func fetchAll(serverID: UUID, in db: StoreTransaction) throws -> [InstanceAction] {
        try select("a.server_id = ?", [StoreValue(serverID)], in: db)
    }

    /// Removes a server's actions: a create its host withdrew leaves nothing behind.
    public static func deleteAll(serverID: UUID, in db: StoreTransaction) throws {
        try db.execute("DELETE FROM instance_action_events WHERE server_id = ?", [StoreValue(serverID)])
        try db.execute("DELETE FROM instance_actions WHERE server_id = ?", [StoreValue(serverID)])
    }

    private static func key(of action: InstanceAction) -> [StoreValue] {
        [StoreValue(action.instanceUUID), .text(action.requestID), .text(action.action)]
    }

    /// The actions that match, each with its events, in one query: a row per event (one
    /// with null event columns for an action without events), grouped here.
    private static func select(_ condition: String, _ arguments: [StoreValue], in db: StoreTransaction) throws -> [InstanceAction] {
        let rows = try db.fetchAll("""
            SELECT a.id, a.action, a.server_id, a.request_id, a.user_id, a.project_id, a.start_time, a.updated_at, a.message,
                e.name, e.host, e.start_time, e.finish_time, e.result, e.details
            FROM instance_actions AS a LEFT JOIN instance_action_events AS e
                ON e.server_id = a.server_id AND e.request_id = a.request_id AND e.action = a.action
            WHERE \(condition) ORDER BY a.id DESC, e.\(db.insertionOrder)
            """, arguments) { row in try (id: row.int(0), action: action(from: row), event: event(from: row)) }
        var actions: [InstanceAction] = []
        var lastID: Int?
        for row in rows {
            if actions.isEmpty || row.id != lastID { actions.append(row.action) }
            lastID = row.id
            if let event = row.event { actions[actions.count - 1].events.append(event) }
        }
        return actions
    }

    private static func action(from row: any StoreRow) throws -> InstanceAction {
        let name = try row.required(1, "instance action")
        let requestID = try row.required(3, "instance action request id")
        guard let server = try row.uuid(2), let userID = try row.string(4), let projectID = try row.string(5),
              let started = try row.date(6), let updated = try row.date(7)
        else { throw StoreError.unreadable("instance action \(name) \(requestID)") }
        return InstanceAction(action: name, instanceUUID: server, requestID: requestID, userID: userID, projectID: projectID,
                              startTime: started, updatedAt: updated, message: try row.string(8))
    }

    /// Nil for the row of an action without events.
    private static func event(from row: any StoreRow) throws -> InstanceAction.Event? {
        guard let name = try row.string(9) else { return nil }
        guard let host = try row.string(10), let started = try row.date(11) else {
            throw StoreError.unreadable("event \(name) of instance action \(try row.string(1) ?? "?") \(try row.string(3) ?? "?")")
        }
        return InstanceAction.Event(name: name, startTime: started, finishTime: try row.date(12), result: try row.string(13),
                                    details: try row.string(14), hostName: host)
    }
}
