import ComputeModel
import JSONModel

/// The argument of `{"rebuild": {…}}`: Nova's `rebuild` schemas by microversion (2.19
/// `description`, 2.54 `key_name`, 2.57 `user_data` instead of `personality`, 2.63
/// `trusted_image_certificates`, 2.90 `hostname`). What this service keeps of it is the
/// image, the name and the metadata; the rest is accepted and has nothing here to change.
enum RebuildServerBody {
    static func request(_ argument: JSON, version: Microversion) throws(APIFault) -> RebuildRequest {
        let schema = Schema.object([(name: "rebuild", schema: rebuild(for: version))], required: ["rebuild"])
        if let violation = SchemaValidator.firstViolation(of: ["rebuild": argument], against: schema) {
            throw .badRequest(violation.bodyMessage)
        }
        return RebuildRequest(
            imageID: argument["imageRef"]?.stringValue ?? "", name: argument["name"]?.stringValue,
            metadata: argument["metadata"]?.objectValue.map { $0.compactMapValues(\.stringValue) })
    }

    static func rebuild(for version: Microversion) -> Schema {
        var properties: [(name: String, schema: Schema)] = [
            (name: "name", schema: .name),
            (name: "imageRef", schema: .uuid),
            (name: "adminPass", schema: Schema([.type([.string])])),
            (name: "metadata", schema: .metadata),
            (name: "preserve_ephemeral", schema: .boolean),
            (name: "OS-DCF:diskConfig", schema: Schema([.type([.string]), .enumeration(["AUTO", "MANUAL"])])),
            (name: "accessIPv4", schema: Schema([.type([.string]), .format(.ipv4)])),
            (name: "accessIPv6", schema: Schema([.type([.string]), .format(.ipv6)])),
        ]
        if !version.supports(.v2(57)) {
            properties.append((name: "personality", schema: Schema([.type([.array]), .items(.object([
                (name: "path", schema: Schema([.type([.string])])), (name: "contents", schema: Schema([.type([.string])])),
            ]))])))
        }
        if version.supports(.v2(19)) {
            properties.append((name: "description", schema: Schema([.type([.string, .null]), .minLength(0), .maxLength(255)])))
        }
        if version.supports(.v2(54)) {
            properties.append((name: "key_name", schema: Schema([.type([.string, .null]), .minLength(1), .maxLength(255)])))
        }
        if version.supports(.v2(57)) {
            properties.append((name: "user_data", schema: Schema([.type([.string, .null]), .maxLength(65535)])))
        }
        if version.supports(.v2(63)) {
            properties.append((name: "trusted_image_certificates", schema: Schema([
                .type([.array, .null]), .items(Schema([.type([.string]), .minLength(1)])),
            ])))
        }
        if version.supports(.v2(90)) {
            properties.append((name: "hostname", schema: Schema([.type([.string]), .minLength(1), .maxLength(255)])))
        }
        return .object(properties, required: ["imageRef"])
    }
}
