import Foundation
import GRDB
import NetworkModel

/// A `net_ports` row; the fixed IPs live in `net_ip_allocations`.
struct PortRow: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "net_ports"

    var id: String
    var networkID: String
    var name: String
    var projectID: String
    var macAddress: String
    var status: String
    var adminStateUp: Bool
    var deviceID: String
    var deviceOwner: String
    var bindingHostID: String
    var vnicType: String
    var bindingProfile: String
    var vifType: String
    var vifDetails: String
    var numaAffinityPolicy: String?
    var description: String
    var createdAt: Date
    var updatedAt: Date
    var revisionNumber: Int

    enum CodingKeys: String, CodingKey {
        case id, name, status, description
        case networkID = "network_id", projectID = "project_id", macAddress = "mac_address"
        case adminStateUp = "admin_state_up", deviceID = "device_id", deviceOwner = "device_owner"
        case bindingHostID = "binding_host_id", vnicType = "vnic_type", bindingProfile = "binding_profile"
        case vifType = "vif_type", vifDetails = "vif_details", numaAffinityPolicy = "numa_affinity_policy"
        case createdAt = "created_at", updatedAt = "updated_at", revisionNumber = "revision_number"
    }

    init(_ port: Port) {
        id = port.id
        networkID = port.networkID
        name = port.name
        projectID = port.projectID
        macAddress = port.macAddress
        status = port.status
        adminStateUp = port.adminStateUp
        deviceID = port.deviceID
        deviceOwner = port.deviceOwner
        bindingHostID = port.bindingHostID
        vnicType = port.vnicType
        bindingProfile = JSONColumn.encode(port.bindingProfile)
        vifType = port.vifType
        vifDetails = JSONColumn.encode(port.vifDetails)
        numaAffinityPolicy = port.numaAffinityPolicy
        description = port.description
        createdAt = port.createdAt
        updatedAt = port.updatedAt
        revisionNumber = port.revisionNumber
    }

    func model(fixedIPs: [FixedIP]) -> Port {
        Port(
            id: id, name: name, networkID: networkID, projectID: projectID, macAddress: macAddress, fixedIPs: fixedIPs,
            status: status, adminStateUp: adminStateUp, deviceID: deviceID, deviceOwner: deviceOwner,
            bindingHostID: bindingHostID, vnicType: vnicType, bindingProfile: JSONColumn.object(bindingProfile),
            vifType: vifType, vifDetails: JSONColumn.object(vifDetails), numaAffinityPolicy: numaAffinityPolicy,
            description: description, createdAt: createdAt, updatedAt: updatedAt, revisionNumber: revisionNumber
        )
    }
}
