import ComputeModel
import JSONModel

extension ServerView {
    /// `OS-EXT-SRV-ATTR:*`, which Nova's default policy shows to admins only (and, from
    /// 2.90, the hostname to everybody).
    func addExtendedAttributes(_ server: Server, to view: inout [String: JSON]) {
        let hostname = ServerHostname.sanitize(server.name, id: server.id)
        guard isAdmin else {
            if version.supports(.v2(90)) { view["OS-EXT-SRV-ATTR:hostname"] = .string(hostname) }
            return
        }
        view["OS-EXT-SRV-ATTR:host"] = .string(server.hostName)
        view["OS-EXT-SRV-ATTR:hypervisor_hostname"] = .string(server.hostName)
        // The libvirt domain name the compute manager defines.
        view["OS-EXT-SRV-ATTR:instance_name"] = .string("instance-" + server.id.lowercasedString.prefix(8))
        guard version.supports(.v2(3)) else { return }
        view["OS-EXT-SRV-ATTR:hostname"] = .string(hostname)
        view["OS-EXT-SRV-ATTR:kernel_id"] = ""
        view["OS-EXT-SRV-ATTR:ramdisk_id"] = ""
        view["OS-EXT-SRV-ATTR:launch_index"] = 0
        view["OS-EXT-SRV-ATTR:reservation_id"] = .string("r-" + server.id.lowercasedString.prefix(8))
        view["OS-EXT-SRV-ATTR:root_device_name"] = "/dev/vda"
        view["OS-EXT-SRV-ATTR:user_data"] = .null
    }

    /// The keys each microversion added, with the values a server here has: no tags,
    /// description, trusted certificates, server groups or pinned zone are kept, so those
    /// are empty; the scheduler hints are the ones it was created with.
    func addMicroversionFields(_ server: Server, isShow: Bool, to view: inout [String: JSON]) {
        if version.supports(.v2(9)) { view["locked"] = .bool(server.locked) }
        // Admins see the host's state; the service runs on that host, so it is up.
        if version.supports(.v2(16)), isAdmin { view["host_status"] = server.hostName.isEmpty ? "" : "UP" }
        if version.supports(.v2(19)) { view["description"] = .null }
        if version.supports(.v2(26)) { view["tags"] = [] }
        if version.supports(.v2(63)) { view["trusted_image_certificates"] = .null }
        if version.supports(.v2(71)), isShow { view["server_groups"] = [] }
        if version.supports(.v2(73)) { view["locked_reason"] = .optional(server.lockedReason) }
        if version.supports(.v2(96)) { view["pinned_availability_zone"] = .null }
        if version.supports(.v2(100)) {
            let hints = server.schedulerHints ?? [:]
            view["scheduler_hints"] = .object(hints.mapValues { .array($0.map(JSON.string)) })
        }
    }
}
