import JSONModel
import NetworkModel

/// The bodies of Nova's two port updates, as pure functions.
enum NeutronPortUpdate {
    /// `_update_ports_for_instance` (§5.3 step 6): host, device, owner, the PCI keys merged
    /// over the port's profile (user keys such as `trusted` stay), and a PF's MAC.
    static func bind(_ binding: PortBinding, currentProfile: [String: JSON]) -> JSON {
        var port: [String: JSON] = [
            "binding:host_id": .string(binding.hostID),
            "binding:profile": .object(currentProfile.merging(binding.profile) { _, new in new }),
            "device_id": .string(binding.deviceID),
            "device_owner": .string(binding.deviceOwner),
        ]
        if let mac = binding.macAddress { port["mac_address"] = .string(mac) }
        return ["port": .object(port)]
    }

    /// `_unbind_ports` (§5.4): `binding:host_id` null, `device_id`/`device_owner` "", and
    /// the profile without exactly `keys`.
    static func unbind(currentProfile: [String: JSON], removingKeys keys: [String]) -> JSON {
        let removed = Set(keys)
        return [
            "port": [
                "binding:host_id": .null,
                "binding:profile": .object(currentProfile.filter { !removed.contains($0.key) }),
                "device_id": "",
                "device_owner": "",
            ]
        ]
    }
}
