import ComputeModel
import JSONModel

/// The body of `POST /servers/{id}/action`: exactly one key naming the action (Nova's
/// `action_peek`), with its argument.
enum ServerActionBody {
    /// The Nova policy rule each action is checked against.
    static func policyRule(of action: ServerAction) -> String {
        switch action {
        case .lock: "os_compute_api:os-lock-server:lock"
        case .unlock: "os_compute_api:os-lock-server:unlock"
        case .stop: "os_compute_api:servers:stop"
        case .start: "os_compute_api:servers:start"
        case .pause: "os_compute_api:os-pause-server:pause"
        case .unpause: "os_compute_api:os-pause-server:unpause"
        case .suspend: "os_compute_api:os-suspend-server:suspend"
        case .resume: "os_compute_api:os-suspend-server:resume"
        case .reboot: "os_compute_api:servers:reboot"
        case .rebuild: "os_compute_api:servers:rebuild"
        }
    }

    static func action(from body: RequestBody, version: Microversion) throws(APIFault) -> ServerAction {
        guard let members = body.json?.objectValue, members.count == 1, let (name, argument) = members.first else {
            throw APIFault.malformedBody
        }
        switch name {
        case "lock": return .lock(reason: try lockReason(argument, version: version))
        case "unlock": return .unlock
        case "os-stop": return .stop
        case "os-start": return .start
        case "pause": return .pause
        case "unpause": return .unpause
        case "suspend": return .suspend
        case "resume": return .resume
        case "reboot": return .reboot(hard: try rebootIsHard(argument))
        case "rebuild": return .rebuild(try RebuildServerBody.request(argument, version: version))
        default: throw .badRequest("There is no such action: \(name)")
        }
    }

    /// Nova's `reboot` schema: `{"type": …}`, required, in any of three spellings.
    private static func rebootIsHard(_ argument: JSON) throws(APIFault) -> Bool {
        let types: [JSON] = ["HARD", "Hard", "hard", "SOFT", "Soft", "soft"]
        let schema = Schema.object([
            (name: "reboot", schema: Schema([
                .type([.object]),
                .properties([(name: "type", schema: Schema([.type([.string]), .enumeration(types)]))]),
                .required(["type"]),
                .additionalProperties(false),
            ])),
        ], required: ["reboot"])
        if let violation = SchemaValidator.firstViolation(of: ["reboot": argument], against: schema) {
            throw .badRequest(violation.bodyMessage)
        }
        return argument["type"]?.stringValue?.uppercased() == "HARD"
    }

    /// From 2.73 `lock` takes `null` or `{"locked_reason": "…"}` (1–255 characters);
    /// before, its value is ignored.
    private static func lockReason(_ argument: JSON, version: Microversion) throws(APIFault) -> String? {
        guard version.supports(.v2(73)) else { return nil }
        let schema = Schema.object([
            (name: "lock", schema: Schema([
                .type([.object, .null]),
                .properties([(name: "locked_reason", schema: Schema([.type([.string]), .minLength(1), .maxLength(255)]))]),
                .additionalProperties(false),
            ])),
        ], required: ["lock"])
        if let violation = SchemaValidator.firstViolation(of: ["lock": argument], against: schema) {
            throw .badRequest(violation.bodyMessage)
        }
        return argument["locked_reason"]?.stringValue
    }
}
