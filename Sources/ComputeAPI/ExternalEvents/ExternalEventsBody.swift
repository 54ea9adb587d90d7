import ComputeModel
import Foundation
import JSONModel

/// `POST /os-server-external-events`: Nova's schema (`schemas/server_external_events.py`),
/// whose event names grow with the microversion.
enum ExternalEventsBody {
    /// The microversion each event name is accepted from (the network ones from the start).
    static func introduced(_ name: ExternalEvent.Name) -> Microversion {
        switch name {
        case .networkChanged, .networkVIFPlugged, .networkVIFUnplugged, .networkVIFDeleted: .v2(1)
        case .volumeExtended: .v2(51)
        case .powerUpdate: .v2(76)
        case .acceleratorRequestBound: .v2(82)
        case .volumeReimaged: .v2(93)
        }
    }

    static func schema(for version: Microversion) -> Schema {
        let names = ExternalEvent.Name.allCases.filter { version.supports(introduced($0)) }
        let event = Schema.object([
            (name: "server_uuid", schema: .uuid),
            (name: "name", schema: Schema([.type([.string]), .enumeration(names.map { .string($0.rawValue) })])),
            (name: "status", schema: Schema([.type([.string]), .enumeration(ExternalEvent.Status.allCases.map { .string($0.rawValue) })])),
            (name: "tag", schema: Schema([.type([.string]), .maxLength(255)])),
        ], required: ["server_uuid", "name"])
        return .object([(name: "events", schema: Schema([.type([.array]), .minItems(1), .items(event)]))], required: ["events"])
    }

    /// Which no server has.
    static let nilUUID = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))

    /// The events of a body the schema accepted, each with the object the client sent (the
    /// answer echoes it). A `server_uuid` that names no UUID cannot name a server: it
    /// becomes the nil UUID, and is answered 404 as unknown.
    static func events(from body: JSON) -> [(event: ExternalEvent, sent: JSONObject)] {
        (body["events"]?.arrayValue ?? []).map { item in
            let sent = item.objectValue ?? [:]
            let serverID = sent["server_uuid"]?.stringValue.flatMap(UUID.fromUUIDLike) ?? nilUUID
            let name = sent["name"]?.stringValue.flatMap(ExternalEvent.Name.init(rawValue:)) ?? .networkChanged
            let status = sent["status"]?.stringValue.flatMap(ExternalEvent.Status.init(rawValue:)) ?? .completed
            return (ExternalEvent(serverID: serverID, name: name, status: status, tag: sent["tag"]?.stringValue), sent)
        }
    }
}
