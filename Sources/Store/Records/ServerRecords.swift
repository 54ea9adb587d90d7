import ComputeModel
import Foundation
import GRDB

/// Servers: the document plus the columns lists filter on.
public enum ServerRecords {
    public static func insert(_ server: Server, in db: Database) throws {
        try db.cachedStatement(sql: "INSERT INTO servers (id, name, project_id, vm_state, server, created_at) VALUES (?, ?, ?, ?, ?, ?)").execute(arguments: [server.id.uuidString, server.name, server.projectID, server.vmState.rawValue,
                        try JSONColumn.encode(server), DatabaseTimestamp(server.createdAt)])
    }

    public static func update(_ server: Server, in db: Database) throws {
        try db.cachedStatement(sql: "UPDATE servers SET name = ?, vm_state = ?, server = ? WHERE id = ?").execute(arguments: [server.name, server.vmState.rawValue, try JSONColumn.encode(server), server.id.uuidString])
        guard db.changesCount == 1 else { throw StoreError.missing("server \(server.id.uuidString.lowercased())") }
    }

    /// Sets the server's vm_state (a no-op for a server that is gone).
    public static func setVMState(_ state: VMState, of id: UUID, in db: Database) throws {
        guard var server = try fetch(id, in: db) else { return }
        server.vmState = state
        server.updatedAt = Date()
        try update(server, in: db)
    }

    public static func fetch(_ id: UUID, in db: Database) throws -> Server? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT server FROM servers WHERE id = ?"), arguments: [id.uuidString])
            .map { try JSONColumn.decode(Server.self, from: $0) }
    }

    /// Whether the server exists, without decoding it.
    public static func exists(_ id: UUID, in db: Database) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM servers WHERE id = ?"), arguments: [id.uuidString]) ?? false
    }

    /// Every server, or one project's, oldest first.
    public static func fetchAll(projectID: String? = nil, in db: Database) throws -> [Server] {
        let rows: [String]
        if let projectID {
            rows = try String.fetchAll(db.cachedStatement(sql: "SELECT server FROM servers WHERE project_id = ? ORDER BY created_at, id"), arguments: [projectID])
        } else {
            rows = try String.fetchAll(db.cachedStatement(sql: "SELECT server FROM servers ORDER BY created_at, id"))
        }
        return try rows.map { try JSONColumn.decode(Server.self, from: $0) }
    }

    /// The servers in one vm_state (only their documents are decoded).
    public static func fetchAll(vmState: VMState, in db: Database) throws -> [Server] {
        try String.fetchAll(db.cachedStatement(sql: "SELECT server FROM servers WHERE vm_state = ? ORDER BY created_at, id"), arguments: [vmState.rawValue])
            .map { try JSONColumn.decode(Server.self, from: $0) }
    }

    /// Every server's vm_state, without decoding the documents. A row that cannot be read
    /// is an error, never a server that does not exist.
    public static func states(in db: Database) throws -> [UUID: VMState] {
        var states: [UUID: VMState] = [:]
        for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT id, vm_state FROM servers")) {
            let text: String = row["id"], state: String = row["vm_state"]
            guard let id = UUID(uuidString: text), let vmState = VMState(rawValue: state) else {
                throw StoreError.unreadable("server row \(text) (vm_state '\(state)')")
            }
            states[id] = vmState
        }
        return states
    }

    /// Removes the server with its PCI requests and VIFs (cascade).
    public static func delete(_ id: UUID, in db: Database) throws {
        try db.cachedStatement(sql: "DELETE FROM servers WHERE id = ?").execute(arguments: [id.uuidString])
    }
}

public enum StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    case missing(String)
    case duplicate(String)
    case unreadable(String)

    public var description: String {
        switch self {
        case .missing(let what): "\(what) is not in the database"
        case .duplicate(let what): "\(what) already exists"
        case .unreadable(let what): "\(what) cannot be read"
        }
    }
}
