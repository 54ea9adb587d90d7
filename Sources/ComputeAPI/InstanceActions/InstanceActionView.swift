import ComputeModel
import JSONModel

/// Nova's instance-action views (`instance_actions.py`) for one request.
struct InstanceActionView {
    let version: Microversion
    let isAdmin: Bool

    init(_ request: ComputeRequest) {
        version = request.version
        isAdmin = request.isAdmin
    }

    /// A list entry; `updated_at` from 2.58.
    func summary(_ action: InstanceAction) -> JSON {
        var view: [String: JSON] = [
            "action": .string(action.action), "instance_uuid": .string(action.instanceUUID.lowercasedString),
            "request_id": .string(action.requestID), "user_id": .string(action.userID),
            "project_id": .string(action.projectID), "start_time": .string(NovaTime.primitive(action.startTime)),
            "message": .optional(action.message),
        ]
        if version.supports(.v2(58)) { view["updated_at"] = .string(NovaTime.primitive(action.updatedAt)) }
        return .object(view)
    }

    /// The action with its events. Nova's default policy shows events to admins always and
    /// to the owner from 2.51; `traceback` and `host` are for admins, the hashed `hostId`
    /// for everybody from 2.62, and `details` from 2.84.
    func detail(_ action: InstanceAction) -> JSON {
        guard case .object(var view) = summary(action) else { return summary(action) }
        if isAdmin || version.supports(.v2(51)) {
            view["events"] = .array(action.events.map { event(ofAction: action, $0) })
        }
        return .object(view)
    }

    private func event(ofAction action: InstanceAction, _ event: InstanceAction.Event) -> JSON {
        var view: [String: JSON] = [
            "event": .string(event.name), "start_time": .string(NovaTime.primitive(event.startTime)),
            "finish_time": event.finishTime.map { .string(NovaTime.primitive($0)) } ?? .null,
            "result": .optional(event.result),
        ]
        if isAdmin { view["traceback"] = .optional(event.details) }
        if version.supports(.v2(62)) {
            if isAdmin { view["host"] = .string(event.hostName) }
            view["hostId"] = .string(HostID.make(host: event.hostName, projectID: action.projectID))
        }
        if version.supports(.v2(84)) { view["details"] = .optional(event.details) }
        return .object(view)
    }
}
