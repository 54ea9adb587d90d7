import ComputeModel
import JSONModel

/// `os-availability-zone` as Nova's `_describe_availability_zones[_verbose]`: every host is
/// in Nova's default zone, `nova`, which is available while one of its services is enabled
/// (and listed unavailable, without hosts, when all are disabled). The detail lists the
/// enabled services' hosts with their `nova-compute` state.
enum AvailabilityZoneView {
    /// `CONF.default_availability_zone`.
    static let zone = "nova"

    static func zones(_ hosts: [ComputeHostStatus], detail: Bool) -> JSON {
        guard !hosts.isEmpty else { return ["availabilityZoneInfo": []] }
        let enabled = hosts.filter { !$0.host.disabled }
        guard !enabled.isEmpty else {
            return ["availabilityZoneInfo": [["zoneName": .string(zone), "zoneState": ["available": false], "hosts": .null]]]
        }
        var hostsView: JSON = .null
        if detail {
            var members: [String: JSON] = [:]
            for status in enabled {
                members[status.host.name] = [
                    ComputeHost.binary: [
                        "available": .bool(status.isUp), "active": true,
                        "updated_at": .string(NovaTime.primitive(status.host.lastSeenAt)),
                    ],
                ]
            }
            hostsView = .object(members)
        }
        return ["availabilityZoneInfo": [["zoneName": .string(zone), "zoneState": ["available": true], "hosts": hostsView]]]
    }
}
