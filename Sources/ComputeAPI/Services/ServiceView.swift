import ComputeModel
import JSONModel

/// One `os-services` entry: a host's `nova-compute` service as Nova shows it, its `id` the
/// integer before 2.53 and the uuid from it, `forced_down` from 2.11.
enum ServiceView {
    static func detail(_ status: ComputeHostStatus, version: Microversion) -> JSON {
        let host = status.host
        var view: [String: JSON] = [
            "binary": .string(ComputeHost.binary),
            "host": .string(host.name),
            "id": ServiceID.json(of: host, version: version),
            "zone": .string(AvailabilityZoneView.zone),
            "status": .string(host.disabled ? "disabled" : "enabled"),
            "state": .string(status.isUp ? "up" : "down"),
            "updated_at": .string(NovaTime.primitive(host.lastSeenAt)),
            "disabled_reason": .optional(host.disabledReason),
        ]
        if version.supports(.v2(11)) { view["forced_down"] = .bool(host.forcedDown) }
        return .object(view)
    }
}
