import Foundation
import GRDB
import PCI

/// The PCI requests a server holds, one per SR-IOV port.
public enum PCIRequestRecords {
    public static func insert(_ request: PCIRequest, serverID: UUID, in db: Database) throws {
        try db.cachedStatement(sql: "INSERT INTO pci_requests (request_id, server_id, request) VALUES (?, ?, ?)").execute(arguments: [request.requestID.uuidString, serverID.uuidString, try JSONColumn.encode(request)])
    }

    /// Inserts the request unless it is recorded already.
    public static func save(_ request: PCIRequest, serverID: UUID, in db: Database) throws {
        try db.cachedStatement(sql: "INSERT INTO pci_requests (request_id, server_id, request) VALUES (?, ?, ?) ON CONFLICT(request_id) DO NOTHING").execute(arguments: [request.requestID.uuidString, serverID.uuidString, try JSONColumn.encode(request)])
    }

    public static func delete(_ requestID: UUID, in db: Database) throws {
        try db.cachedStatement(sql: "DELETE FROM pci_requests WHERE request_id = ?").execute(arguments: [requestID.uuidString])
    }

    public static func fetchAll(serverID: UUID, in db: Database) throws -> [PCIRequest] {
        try String.fetchAll(db.cachedStatement(sql: "SELECT request FROM pci_requests WHERE server_id = ? ORDER BY rowid"), arguments: [serverID.uuidString])
            .map { try JSONColumn.decode(PCIRequest.self, from: $0) }
    }

    public static func fetchAll(in db: Database) throws -> [(serverID: UUID, request: PCIRequest)] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT server_id, request FROM pci_requests ORDER BY rowid")).map { row in
            (UUID(uuidString: row["server_id"])!, try JSONColumn.decode(PCIRequest.self, from: row["request"]))
        }
    }
}
