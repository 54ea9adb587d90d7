import ComputeModel
import Foundation

/// The compute hosts of the cloud (`compute_services`): each host registers at start-up and
/// renews its heartbeat; any host reads them all (service list, hypervisors, placement,
/// whether a server's host is up).
public enum ServiceRecords {
    private static let columns = "id, host, peer_url, disabled, disabled_reason, forced_down, last_seen_at, created_at, updated_at, number"

    /// Registers the host at start-up: a new row, or its existing row with the peer URL and
    /// heartbeat renewed. An operator's `disabled`, its reason and `forced_down` survive the
    /// restart, as in Nova.
    @discardableResult
    public static func register(host: String, peerURL: String?, now: Date, in db: StoreTransaction) throws -> ComputeHost {
        try db.execute("""
            INSERT INTO compute_services (id, host, peer_url, disabled, forced_down, last_seen_at, created_at, updated_at)
            VALUES (?, ?, ?, 0, 0, ?, ?, ?)
            ON CONFLICT (host) DO UPDATE SET peer_url = excluded.peer_url, last_seen_at = excluded.last_seen_at,
                updated_at = excluded.updated_at
            """, [StoreValue(UUID()), .text(host), StoreValue(peerURL), .date(now), .date(now), .date(now)])
        guard let registered = try fetch(host: host, in: db) else { throw StoreError.missing("compute service of host \(host)") }
        return registered
    }

    /// The heartbeat. A row that is gone (an operator deleted the service) is an error: the
    /// host registers again.
    public static func heartbeat(host: String, now: Date, in db: StoreTransaction) throws {
        let changed = try db.execute("UPDATE compute_services SET last_seen_at = ? WHERE host = ?", [.date(now), .text(host)])
        guard changed == 1 else { throw StoreError.missing("compute service of host \(host)") }
    }

    /// Every host, in the order they first registered.
    public static func fetchAll(in db: StoreTransaction) throws -> [ComputeHost] {
        try db.fetchAll("SELECT \(columns) FROM compute_services ORDER BY created_at, host", [], host(from:))
    }

    public static func fetch(host: String, in db: StoreTransaction) throws -> ComputeHost? {
        try db.fetchOne("SELECT \(columns) FROM compute_services WHERE host = ?", [.text(host)], host(from:))
    }

    public static func fetch(id: UUID, in db: StoreTransaction) throws -> ComputeHost? {
        try db.fetchOne("SELECT \(columns) FROM compute_services WHERE id = ?", [StoreValue(id)], host(from:))
    }

    /// By the integer id Nova shows before microversion 2.53.
    public static func fetch(number: Int, in db: StoreTransaction) throws -> ComputeHost? {
        try db.fetchOne("SELECT \(columns) FROM compute_services WHERE number = ?", [.integer(number)], host(from:))
    }

    /// Nova's `DELETE /os-services/{id}`: the host's row goes unless a server is still on
    /// the host, checked in the same statement so that a server placed meanwhile keeps it.
    public static func delete(host: String, in db: StoreTransaction) throws -> DeleteOutcome {
        let changed = try db.execute("""
            DELETE FROM compute_services WHERE host = ? AND NOT EXISTS (SELECT 1 FROM servers WHERE servers.host = ?)
            """, [.text(host), .text(host)])
        if changed == 1 { return .deleted }
        return try fetch(host: host, in: db) == nil ? .notFound : .hostsServers
    }

    public enum DeleteOutcome: Sendable, Hashable {
        case deleted, notFound
        /// Servers are still on the host: the row stays.
        case hostsServers
    }

    /// `compute service set --enable/--disable`; the host as it now is, nil if unknown.
    public static func setDisabled(_ disabled: Bool, reason: String?, host: String, now: Date, in db: StoreTransaction) throws -> ComputeHost? {
        try db.execute("UPDATE compute_services SET disabled = ?, disabled_reason = ?, updated_at = ? WHERE host = ?",
                       [StoreValue(disabled), StoreValue(disabled ? reason : nil), .date(now), .text(host)])
        return try fetch(host: host, in: db)
    }

    /// `compute service set --down/--up` (Nova's `forced_down`); the host as it now is, nil if unknown.
    public static func setForcedDown(_ forcedDown: Bool, host: String, now: Date, in db: StoreTransaction) throws -> ComputeHost? {
        try db.execute("UPDATE compute_services SET forced_down = ?, updated_at = ? WHERE host = ?",
                       [StoreValue(forcedDown), .date(now), .text(host)])
        return try fetch(host: host, in: db)
    }

    private static func host(from row: any StoreRow) throws -> ComputeHost {
        let name = try row.required(1, "compute service host")
        guard let id = try row.uuid(0), let lastSeen = try row.date(6), let created = try row.date(7), let updated = try row.date(8) else {
            throw StoreError.unreadable("compute service row of host \(name)")
        }
        return ComputeHost(id: id, name: name, peerURL: try row.string(2), disabled: try row.int(3) == 1,
                           disabledReason: try row.string(4), forcedDown: try row.int(5) == 1,
                           lastSeenAt: lastSeen, createdAt: created, updatedAt: updated, number: try row.int(9) ?? 0)
    }
}
