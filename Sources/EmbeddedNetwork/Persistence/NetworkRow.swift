import Foundation
import GRDB
import NetworkModel

/// A `net_networks` row.
struct NetworkRow: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "net_networks"

    var id: String
    var name: String
    var projectID: String
    var status: String
    var adminStateUp: Bool
    var shared: Bool
    var external: Bool
    var mtu: Int
    var networkType: String
    var physicalNetwork: String?
    var segmentationID: Int?
    var description: String
    var createdAt: Date
    var updatedAt: Date
    var revisionNumber: Int

    enum CodingKeys: String, CodingKey {
        case id, name, status, shared, external, mtu, description
        case projectID = "project_id", adminStateUp = "admin_state_up", networkType = "network_type"
        case physicalNetwork = "physical_network", segmentationID = "segmentation_id"
        case createdAt = "created_at", updatedAt = "updated_at", revisionNumber = "revision_number"
    }

    init(_ network: Network) {
        id = network.id
        name = network.name
        projectID = network.projectID
        status = network.status
        adminStateUp = network.adminStateUp
        shared = network.shared
        external = network.external
        mtu = network.mtu
        networkType = network.networkType ?? NetworkType.local.rawValue
        physicalNetwork = network.physicalNetwork
        segmentationID = network.segmentationID
        description = network.description
        createdAt = network.createdAt
        updatedAt = network.updatedAt
        revisionNumber = network.revisionNumber
    }

    func model(subnetIDs: [String]) -> Network {
        Network(
            id: id, name: name, projectID: projectID, status: status, adminStateUp: adminStateUp, shared: shared,
            mtu: mtu, networkType: networkType, physicalNetwork: physicalNetwork, segmentationID: segmentationID,
            subnetIDs: subnetIDs, external: external, description: description, createdAt: createdAt,
            updatedAt: updatedAt, revisionNumber: revisionNumber
        )
    }
}
