import ComputeModel
import JSONModel

extension ServerView {
    /// The answer to a rebuild: the server as `GET /servers/{id}` shows it from 2.75; before,
    /// without what Nova's rebuild view leaves out (availability zone, config drive, usage
    /// times, the extended status, volumes, server attributes, host status and the
    /// addresses' type and MAC; the key name until 2.54). Never the server attribute
    /// `user_data`: the admin password is added, and a `user_data` of its own from 2.57.
    func rebuilt(_ detail: JSON, adminPass: String) -> JSON {
        guard var server = detail.objectValue else { return detail }
        server["OS-EXT-SRV-ATTR:user_data"] = nil
        if !version.supports(.v2(75)) {
            server = server.filter { key, _ in
                !(Self.prefixesHiddenBefore275.contains { key.hasPrefix($0) } || Self.keysHiddenBefore275.contains(key))
            }
            if !version.supports(.v2(54)) { server["key_name"] = nil }
            if let networks = server["addresses"]?.objectValue {
                server["addresses"] = .object(networks.mapValues { entries in
                    .array((entries.arrayValue ?? []).map { entry in
                        .object((entry.objectValue ?? [:]).filter { key, _ in !key.hasPrefix("OS-EXT-IPS") })
                    })
                })
            }
        }
        server["adminPass"] = .string(adminPass)
        if version.supports(.v2(57)) { server["user_data"] = .null }
        return ["server": .object(server)]
    }

    private static let prefixesHiddenBefore275 = ["OS-EXT-AZ:", "OS-SRV-USG:", "OS-EXT-STS:", "OS-EXT-SRV-ATTR:", "os-extended-volumes:"]
    private static let keysHiddenBefore275: Set<String> = ["config_drive", "host_status", "security_groups"]
}
