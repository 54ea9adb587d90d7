import GRDB
import NetworkModel

/// A `net_ip_allocations` row: one fixed IP of one port.
struct IPAllocationRow: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "net_ip_allocations"

    var subnetID: String
    var ipAddress: String
    var portID: String
    var position: Int

    enum CodingKeys: String, CodingKey {
        case position
        case subnetID = "subnet_id", ipAddress = "ip_address", portID = "port_id"
    }

    var fixedIP: FixedIP { FixedIP(subnetID: subnetID, ipAddress: ipAddress) }
}
