import GRDB
import NetworkModel

/// Loading models from rows inside a transaction, with the visibility rules applied. The
/// lookups every attach and detach makes use cached statements: preparing their SQL
/// again each time cost more than running it.
enum NetworkQueries {
    // MARK: Networks

    static func networkRow(_ id: String, in db: Database) throws -> NetworkRow? {
        try NetworkRow.fetchOne(db.cachedStatement(sql: "SELECT * FROM net_networks WHERE id = ?"), arguments: [id])
    }

    static func network(_ row: NetworkRow, in db: Database) throws -> Network {
        let subnetIDs = try String.fetchAll(
            db.cachedStatement(sql: "SELECT id FROM net_subnets WHERE network_id = ? ORDER BY rowid"), arguments: [row.id])
        return row.model(subnetIDs: subnetIDs)
    }

    /// A non-admin sees its own networks, shared ones and external ones; others do not
    /// exist for it (404), as in Neutron.
    static func visibleNetwork(_ id: String, caller: NetworkCaller, in db: Database) throws -> Network {
        guard let row = try networkRow(id, in: db), canSee(row, caller: caller) else { throw NetworkFault.networkNotFound(id) }
        return try network(row, in: db)
    }

    static func canSee(_ row: NetworkRow, caller: NetworkCaller) -> Bool {
        caller.owns(row.projectID) || row.shared || row.external
    }

    static func canSee(_ network: Network, caller: NetworkCaller) -> Bool {
        caller.owns(network.projectID) || network.shared || network.external
    }

    static func allNetworks(in db: Database) throws -> [Network] {
        let rows = try NetworkRow.order(Column.rowID).fetchAll(db)
        let subnets = try Row.fetchAll(db, sql: "SELECT id, network_id FROM net_subnets ORDER BY rowid")
        var subnetIDs: [String: [String]] = [:]
        for subnet in subnets { subnetIDs[subnet["network_id"], default: []].append(subnet["id"]) }
        return rows.map { $0.model(subnetIDs: subnetIDs[$0.id] ?? []) }
    }

    // MARK: Subnets

    static func subnetsOfNetwork(_ networkID: String, in db: Database) throws -> [Subnet] {
        try SubnetRow.filter(Column("network_id") == networkID).order(Column.rowID).fetchAll(db).map(\.model)
    }

    // MARK: Ports

    static func port(_ row: PortRow, in db: Database) throws -> Port {
        let ips = try IPAllocationRow.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM net_ip_allocations WHERE port_id = ? ORDER BY position"), arguments: [row.id])
        return row.model(fixedIPs: ips.map(\.fixedIP))
    }

    /// Ports are visible to their project only (and to admins).
    static func visiblePortRow(_ id: String, caller: NetworkCaller, in db: Database) throws -> PortRow {
        guard let row = try PortRow.fetchOne(db.cachedStatement(sql: "SELECT * FROM net_ports WHERE id = ?"), arguments: [id]),
              caller.owns(row.projectID)
        else {
            throw NetworkFault.portNotFound(id)
        }
        return row
    }

    static func ports(_ rows: [PortRow], in db: Database) throws -> [Port] {
        guard !rows.isEmpty else { return [] }
        let ids = rows.map(\.id)
        let allocations = try IPAllocationRow.filter(ids.contains(Column("port_id"))).order(Column("position"))
            .fetchAll(db)
        var byPort: [String: [FixedIP]] = [:]
        for allocation in allocations { byPort[allocation.portID, default: []].append(allocation.fixedIP) }
        return rows.map { $0.model(fixedIPs: byPort[$0.id] ?? []) }
    }
}
