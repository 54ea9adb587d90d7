import ComputeModel
import Foundation

/// Servers: the document plus the columns lists filter on.
public enum ServerRecords {
    public static func insert(_ server: Server, in db: StoreTransaction) throws {
        try db.send("INSERT INTO servers (id, name, project_id, vm_state, server, created_at, host, flavor_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", [
            StoreValue(server.id), .text(server.name), .text(server.projectID), .text(server.vmState.rawValue),
            .text(try JSONColumn.encode(server)), .date(server.createdAt), .text(server.hostName), .text(server.flavorID),
        ])
    }

    public static func update(_ server: Server, in db: StoreTransaction) throws {
        let changed = try db.execute("UPDATE servers SET name = ?, vm_state = ?, server = ?, host = ?, flavor_id = ? WHERE id = ?", [
            .text(server.name), .text(server.vmState.rawValue), .text(try JSONColumn.encode(server)), .text(server.hostName),
            .text(server.flavorID), StoreValue(server.id),
        ])
        guard changed == 1 else { throw StoreError.missing("server \(server.id.uuidString.lowercased())") }
    }

    /// Sets the server's vm_state (a no-op for a server that is gone).
    public static func setVMState(_ state: VMState, of id: UUID, in db: StoreTransaction) throws {
        guard var server = try fetch(id, in: db) else { return }
        server.vmState = state
        server.updatedAt = Date()
        try update(server, in: db)
    }

    public static func fetch(_ id: UUID, in db: StoreTransaction) throws -> Server? {
        try db.fetchOne("SELECT server FROM servers WHERE id = ?", [StoreValue(id)], document)
    }

    /// A row's `server` document: read by `Server(storedJSON:)`, or by `JSONColumn` when
    /// that reader does not know it.
    static func document(_ row: any StoreRow) throws -> Server {
        let text = try row.required(0, "Server document")
        return try Server(storedJSON: text) ?? JSONColumn.decode(Server.self, from: text)
    }

    /// Whether the server exists, without decoding it.
    public static func exists(_ id: UUID, in db: StoreTransaction) throws -> Bool {
        try db.exists("SELECT 1 FROM servers WHERE id = ?", [StoreValue(id)])
    }

    /// The host that runs the server (the one that executes its operations), without
    /// decoding the document; nil when there is no such server.
    public static func host(of id: UUID, in db: StoreTransaction) throws -> String? {
        try db.fetchOne("SELECT host FROM servers WHERE id = ?", [StoreValue(id)]) { row in try row.required(0, "host of server \(id)") }
    }

    /// How many servers each host runs (hosts without servers are absent).
    public static func countsByHost(in db: StoreTransaction) throws -> [String: Int] {
        let rows = try db.fetchAll("SELECT host, COUNT(*) FROM servers GROUP BY host", []) { row in
            (try row.required(0, "a server's host"), try row.int(1) ?? 0)
        }
        return Dictionary(rows, uniquingKeysWith: +)
    }

    /// Every server, or one project's, oldest first.
    public static func fetchAll(projectID: String? = nil, in db: StoreTransaction) throws -> [Server] {
        if let projectID {
            return try db.fetchAll("SELECT server FROM servers WHERE project_id = ? ORDER BY created_at, id", [.text(projectID)], document)
        }
        return try db.fetchAll("SELECT server FROM servers ORDER BY created_at, id", [], document)
    }

    /// One host's servers in one vm_state (only their documents are decoded).
    public static func fetchAll(vmState: VMState, host: String, in db: StoreTransaction) throws -> [Server] {
        try db.fetchAll("SELECT server FROM servers WHERE vm_state = ? AND host = ? ORDER BY created_at, id",
                        [.text(vmState.rawValue), .text(host)], document)
    }

    /// One host's servers, oldest first.
    public static func fetchAll(host: String, in db: StoreTransaction) throws -> [Server] {
        try db.fetchAll("SELECT server FROM servers WHERE host = ? ORDER BY created_at, id", [.text(host)], document)
    }

    /// One host's servers by id and name, oldest first, without decoding the documents
    /// (a hypervisor's `servers`).
    public static func names(host: String, in db: StoreTransaction) throws -> [(id: UUID, name: String)] {
        try db.fetchAll("SELECT id, name FROM servers WHERE host = ? ORDER BY created_at, id", [.text(host)]) { row in
            let text = try row.required(0, "a server row's id")
            guard let id = UUID(uuidString: text) else { throw StoreError.unreadable("server row \(text) (id)") }
            return (id, try row.required(1, "name of server \(text)"))
        }
    }

    /// One host's servers' vm_states, without decoding the documents. A row that cannot
    /// be read is an error, never a server that does not exist.
    public static func states(host: String, in db: StoreTransaction) throws -> [UUID: VMState] {
        var states: [UUID: VMState] = [:]
        let rows = try db.fetchAll("SELECT id, vm_state FROM servers WHERE host = ?", [.text(host)]) { row in (try row.string(0), try row.string(1)) }
        for (text, state) in rows {
            guard let text, let state, let id = UUID(uuidString: text), let vmState = VMState(rawValue: state) else {
                throw StoreError.unreadable("server row \(text ?? "null") (vm_state '\(state ?? "null")')")
            }
            states[id] = vmState
        }
        return states
    }

    /// Removes the server with its PCI requests and VIFs (cascade).
    public static func delete(_ id: UUID, in db: StoreTransaction) throws {
        try db.send("DELETE FROM servers WHERE id = ?", [StoreValue(id)])
    }
}
