import ComputeModel
import JSONModel

/// The bodies of `PUT /os-services/...` (Nova's `schemas/services.py`) and what each asks.
enum ServiceUpdateBody {
    /// Before 2.53 the path names an action and the body the host and binary
    /// (`service_update`, with `forced_down` from 2.11).
    static func legacySchema(for version: Microversion) -> Schema {
        var properties: [(name: String, schema: Schema)] = [
            ("host", hostname),
            ("binary", Schema([.type([.string]), .minLength(1), .maxLength(255)])),
            ("disabled_reason", reason),
        ]
        if version.supports(.v2(11)) { properties.append(("forced_down", .boolean)) }
        return .object(properties, required: ["host", "binary"])
    }

    /// From 2.53 the path names the service by uuid and the body says what changes
    /// (`service_update_v2_53`: nothing required; an empty change is refused in code).
    static let schema = Schema.object([
        ("status", Schema([.type([.string]), .enumeration(["enabled", "disabled"])])),
        ("disabled_reason", reason),
        ("forced_down", .boolean),
    ])

    /// `GET /os-services`' query (`index_query_schema`): unknown parameters are refused
    /// from 2.75.
    static func querySchema(for version: Microversion) -> Schema {
        Schema([
            .type([.object]),
            .properties([("host", ServerQuerySchema.stringList), ("binary", ServerQuerySchema.stringList)]),
            .additionalProperties(!version.supports(.v2(75))),
        ])
    }

    /// The 2.53 body's change, with Nova's refusals: a reason with `enabled`, and a body
    /// that changes nothing.
    static func update(from body: JSON) throws(APIFault) -> ComputeHostUpdate {
        var update = ComputeHostUpdate()
        switch body["status"]?.stringValue {
        case "enabled":
            if let reason = body["disabled_reason"]?.stringValue, !reason.isEmpty {
                throw .badRequest("Specifying 'disabled_reason' with status 'enabled' is invalid.")
            }
            update.disabled = false
        case "disabled":
            update.disabled = true
            update.disabledReason = body["disabled_reason"]?.stringValue
        default:
            break
        }
        if let forcedDown = body["forced_down"] { update.forcedDown = flag(forcedDown) }
        guard update.disabled != nil || update.forcedDown != nil else {
            throw .badRequest("No updates were requested. Fields 'status' or 'forced_down' should be specified.")
        }
        return update
    }

    /// A value `Schema.boolean` let through: a JSON boolean or one of oslo's strings.
    static func flag(_ value: JSON) -> Bool {
        if case .bool(let flag) = value { return flag }
        return value.stringValue.flatMap(OsloBool.parse) ?? false
    }

    /// Nova's `parameter_types.hostname`.
    private static let hostname = Schema([.type([.string]), .minLength(1), .maxLength(255), .pattern("^[a-zA-Z0-9-._]*$")])
    private static let reason = Schema([.type([.string]), .minLength(1), .maxLength(255)])
}
