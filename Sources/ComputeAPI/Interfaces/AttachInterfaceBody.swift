import ComputeModel
import Foundation
import JSONModel

/// `POST /servers/{id}/os-interface`: Nova's schema (`schemas/attach_interfaces.py`) and
/// the handler's checks, in Nova's order and with Nova's texts (nova-behavior §1.2).
enum AttachInterfaceBody {
    static func schema(for version: Microversion) -> Schema {
        var properties: [(name: String, schema: Schema)] = [
            (name: "net_id", schema: .uuid),
            (name: "port_id", schema: .uuid),
            (name: "fixed_ips", schema: Schema([
                .type([.array]), .minItems(1), .maxItems(1),
                .items(.object([(name: "ip_address", schema: .ipAddress)], required: ["ip_address"])),
            ])),
        ]
        // `tag` exists from 2.49; before, it is an unexpected property like any other.
        if version.supports(.v2(49)) { properties.append((name: "tag", schema: .tag)) }
        return .object([(name: "interfaceAttachment", schema: .object(properties))])
    }

    static func request(from body: JSON) throws(APIFault) -> AttachInterfaceRequest {
        let attachment = body["interfaceAttachment"]
        let netID = attachment?["net_id"]?.stringValue
        let portID = attachment?["port_id"]?.stringValue
        // Nova reads the address from the first (and only) fixed_ips entry.
        let fixedIP = attachment?["fixed_ips"]?.arrayValue?.first?["ip_address"]?.stringValue
        if netID != nil, portID != nil { throw .badRequest("Must not input both network_id and port_id") }
        if fixedIP != nil, netID == nil { throw .badRequest("Must input network_id when request IP address") }
        return AttachInterfaceRequest(
            portID: portID.map(canonical), netID: netID.map(canonical), fixedIP: fixedIP,
            tag: attachment?["tag"]?.stringValue)
    }

    /// Port and network ids are looked up as Neutron writes them (lower case, hyphenated),
    /// whatever UUID spelling the client used.
    private static func canonical(_ id: String) -> String {
        UUID.fromUUIDLike(id)?.lowercasedString ?? id
    }
}
