import Foundation
import JSONModel
import PCI

/// The PCI requests a server holds, one per SR-IOV port. Written as `PCIRequest.storedJSON`
/// (the document `JSONEncoder` writes, built without it), read with `JSONColumn`.
public enum PCIRequestRecords {
    public static func insert(_ request: PCIRequest, serverID: UUID, in db: StoreTransaction) throws {
        try db.send("INSERT INTO pci_requests (request_id, server_id, request) VALUES (?, ?, ?)",
                       [StoreValue(request.requestID), StoreValue(serverID), .text(request.storedJSON.rendered)])
    }

    /// Inserts the request unless it is recorded already.
    public static func save(_ request: PCIRequest, serverID: UUID, in db: StoreTransaction) throws {
        try db.send("INSERT INTO pci_requests (request_id, server_id, request) VALUES (?, ?, ?) ON CONFLICT (request_id) DO NOTHING",
                       [StoreValue(request.requestID), StoreValue(serverID), .text(request.storedJSON.rendered)])
    }

    public static func delete(_ requestID: UUID, in db: StoreTransaction) throws {
        try db.send("DELETE FROM pci_requests WHERE request_id = ?", [StoreValue(requestID)])
    }

    public static func fetchAll(serverID: UUID, in db: StoreTransaction) throws -> [PCIRequest] {
        try db.documents(PCIRequest.self, "SELECT request FROM pci_requests WHERE server_id = ? ORDER BY \(db.insertionOrder)", [StoreValue(serverID)])
    }

    /// The requests of one host's servers.
    public static func fetchAll(host: String, in db: StoreTransaction) throws -> [(serverID: UUID, request: PCIRequest)] {
        try db.fetchAll("SELECT server_id, request FROM pci_requests WHERE server_id IN (SELECT id FROM servers WHERE host = ?) ORDER BY \(db.insertionOrder)",
                        [.text(host)], pair)
    }

    public static func fetchAll(in db: StoreTransaction) throws -> [(serverID: UUID, request: PCIRequest)] {
        try db.fetchAll("SELECT server_id, request FROM pci_requests ORDER BY \(db.insertionOrder)", [], pair)
    }

    private static func pair(_ row: any StoreRow) throws -> (serverID: UUID, request: PCIRequest) {
        guard let serverID = try row.uuid(0) else { throw StoreError.unreadable("a PCI request row without a server") }
        return (serverID, try JSONColumn.decode(PCIRequest.self, from: try row.required(1, "PCI request of \(serverID)")))
    }
}
