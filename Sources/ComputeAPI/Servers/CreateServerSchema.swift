/// The body of `POST /servers` per microversion, after Nova's `schemas/servers.py`, limited
/// to what this service can honour: properties Nova accepts that would change the server
/// here in ways we cannot do (legacy block devices, personality, server tags, hosts,
/// trusted certificates, reservation ids) are left out, so they are refused by name rather
/// than silently dropped.
enum CreateServerSchema {
    static func body(for version: Microversion) -> Schema {
        .object([(name: "server", schema: server(for: version)), (name: "os:scheduler_hints", schema: hints),
                 (name: "OS-SCH-HNT:scheduler_hints", schema: hints)],
                required: ["server"])
    }

    static func server(for version: Microversion) -> Schema {
        var properties: [(name: String, schema: Schema)] = [
            (name: "name", schema: .name),
            (name: "imageRef", schema: imageIDOrEmpty),
            (name: "flavorRef", schema: Schema([.type([.string, .integer]), .minLength(1)])),
            (name: "adminPass", schema: Schema([.type([.string])])),
            (name: "metadata", schema: .metadata),
            (name: "networks", schema: networks(for: version)),
            (name: "OS-DCF:diskConfig", schema: Schema([.type([.string]), .enumeration(["AUTO", "MANUAL"])])),
            (name: "accessIPv4", schema: Schema([.type([.string]), .format(.ipv4)])),
            (name: "accessIPv6", schema: Schema([.type([.string]), .format(.ipv6)])),
            (name: "availability_zone", schema: .name),
            (name: "block_device_mapping_v2", schema: BlockDeviceMappings.schema(for: version)),
            (name: "config_drive", schema: .boolean),
            (name: "key_name", schema: .name),
            (name: "min_count", schema: .integerOrString(minimum: 1)),
            (name: "max_count", schema: .integerOrString(minimum: 1)),
            (name: "security_groups", schema: Schema([
                .type([.array]), .items(.object([(name: "name", schema: .name)])),
            ])),
            (name: "user_data", schema: Schema([.type([.string]), .maxLength(65535)])),
        ]
        if version.supports(.v2(19)) {
            properties.append((name: "description", schema: Schema([
                .type([.string, .null]), .minLength(0), .maxLength(255),
            ])))
        }
        var required = ["name", "flavorRef"]
        if version.supports(.v2(37)) { required.append("networks") }
        return .object(properties, required: required)
    }

    /// A list of requested networks; from 2.37 also `"none"` or `"auto"`, and the network
    /// `uuid` must then be a UUID. `tag` exists at 2.32–2.36 and again from 2.42 (Nova's
    /// 2.37 schema forgot it).
    static func networks(for version: Microversion) -> Schema {
        var item: [(name: String, schema: Schema)] = [
            (name: "fixed_ip", schema: .ipAddress),
            (name: "port", schema: Schema([.type([.string, .null]), .format(.uuid)])),
            (name: "uuid", schema: version.supports(.v2(37)) ? .uuid : Schema([.type([.string])])),
        ]
        let tagged = (version >= .v2(32) && version < .v2(37)) || version >= .v2(42)
        if tagged { item.append((name: "tag", schema: .tag)) }
        let list = Schema([.type([.array]), .items(.object(item))])
        guard version.supports(.v2(37)) else { return list }
        return Schema([.oneOf([list, Schema([.type([.string]), .enumeration(["none", "auto"])])])])
    }

    /// `parameter_types.image_id_or_empty_string`.
    static let imageIDOrEmpty = Schema([.oneOf([.uuid, Schema([.type([.string]), .maxLength(0)])])])

    /// Scheduler hints are accepted and kept (the server shows them from 2.100); they choose
    /// nothing: there is one host.
    static let hints = Schema([.type([.object])])
}
