import GRDB
import NetworkModel

extension PortRow {
    /// Every column but the id, in one cached statement: every bind and unbind writes the
    /// port, and GRDB's record update (which encodes the record and builds its statement
    /// each time) cost more than the rest of the transaction.
    func updateAll(in db: Database) throws {
        try db.cachedStatement(sql: """
            UPDATE net_ports SET network_id = ?, name = ?, project_id = ?, mac_address = ?, status = ?, admin_state_up = ?,
                device_id = ?, device_owner = ?, binding_host_id = ?, vnic_type = ?, binding_profile = ?, vif_type = ?,
                vif_details = ?, numa_affinity_policy = ?, description = ?, created_at = ?, updated_at = ?, revision_number = ?
            WHERE id = ?
            """).execute(arguments: [
                networkID, name, projectID, macAddress, status, adminStateUp, deviceID, deviceOwner, bindingHostID, vnicType,
                bindingProfile, vifType, vifDetails, numaAffinityPolicy, description, createdAt, updatedAt, revisionNumber, id,
            ])
        guard db.changesCount == 1 else { throw RecordError.recordNotFound(databaseTableName: Self.databaseTableName, key: ["id": id.databaseValue]) }
    }
}
