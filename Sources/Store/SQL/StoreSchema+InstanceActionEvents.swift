/// Schema 5, instance actions in columns: an action's fields in columns of its row and its
/// events in a table of their own, so that starting and finishing an event are plain
/// writes (`InstanceActionRecords`) instead of reading the action's JSON document and
/// writing it back. Existing rows are converted in SQL, each dialect reading the document
/// its own way (`DocumentReading`); the document column goes.
extension StoreSchema {
    /// How a dialect reads the JSON documents of the first schema's rows in SQL. Each
    /// returns an SQL expression (or, for `elements`, a FROM item).
    public struct DocumentReading: Sendable {
        /// The text of `key` in the document `document`; NULL if absent.
        public var text: @Sendable (_ document: String, _ key: String) -> String
        /// The date `key` holds as milliseconds since 1970 (`JSONColumn`), as the dialect's timestamp.
        public var date: @Sendable (_ document: String, _ key: String) -> String
        /// One row per element of the array `key`: the element as `alias.value`, its index as `alias.key` (as SQLite's `json_each` names them).
        public var elements: @Sendable (_ document: String, _ key: String, _ alias: String) -> String

        public init(
            text: @escaping @Sendable (String, String) -> String, date: @escaping @Sendable (String, String) -> String,
            elements: @escaping @Sendable (String, String, String) -> String
        ) {
            self.text = text
            self.date = date
            self.elements = elements
        }
    }

    public static func instanceActionEventStatements(_ types: Types, documents: DocumentReading) -> [String] {
        let text = documents.text, date = documents.date
        let columns = [("user_id", "TEXT"), ("project_id", "TEXT"), ("start_time", types.timestamp), ("updated_at", types.timestamp),
                       ("message", "TEXT")]
        return columns.map { "ALTER TABLE instance_actions ADD COLUMN \($0.0) \($0.1)" } + [
            """
            UPDATE instance_actions SET user_id = \(text("record", "userID")), project_id = \(text("record", "projectID")),
                start_time = \(date("record", "startTime")), updated_at = \(date("record", "updatedAt")), message = \(text("record", "message"))
            """,
            """
            CREATE TABLE instance_action_events (
                \(types.insertionOrder)
                server_id TEXT NOT NULL, request_id TEXT NOT NULL, action TEXT NOT NULL, name TEXT NOT NULL, host TEXT NOT NULL,
                start_time \(types.timestamp) NOT NULL, finish_time \(types.timestamp), result TEXT, details TEXT)
            """,
            """
            INSERT INTO instance_action_events (server_id, request_id, action, name, host, start_time, finish_time, result, details)
            SELECT a.server_id, a.request_id, a.action, \(text("e.value", "name")), \(text("e.value", "hostName")),
                \(date("e.value", "startTime")), \(date("e.value", "finishTime")), \(text("e.value", "result")), \(text("e.value", "details"))
            FROM instance_actions AS a, \(documents.elements("a.record", "events", "e"))
            ORDER BY a.id, e.key
            """,
            "ALTER TABLE instance_actions DROP COLUMN record",
            "CREATE INDEX instance_action_events_on_action ON instance_action_events (server_id, request_id, action, name)",
        ]
    }
}
