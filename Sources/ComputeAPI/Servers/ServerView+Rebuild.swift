import ComputeModel
import JSONModel

extension ServerView {
    /// The answer to a rebuild: the server as `GET /servers/{id}` shows it from 2.75; before,
    /// without what Nova's rebuild view leaves out (availability zone, config drive, usage
    /// times, the extended status, volumes, server attributes and host status; the key
    /// name until 2.54). The admin password is added, and `user_data` from 2.57.
    func rebuilt(_ detail: JSON, adminPass: String) -> JSON {
        guard var server = detail.objectValue else { return detail }
        if !version.supports(.v2(75)) {
            server = server.filter { key, _ in
                !(Self.prefixesHiddenBefore275.contains { key.hasPrefix($0) } || Self.keysHiddenBefore275.contains(key))
            }
            if !version.supports(.v2(54)) { server["key_name"] = nil }
        }
        server["adminPass"] = .string(adminPass)
        if version.supports(.v2(57)) { server["user_data"] = .null }
        return ["server": .object(server)]
    }

    private static let prefixesHiddenBefore275 = ["OS-EXT-AZ:", "OS-SRV-USG:", "OS-EXT-STS:", "OS-EXT-SRV-ATTR:", "os-extended-volumes:"]
    private static let keysHiddenBefore275: Set<String> = ["config_drive", "host_status", "security_groups"]
}
