import JSONModel

/// The update Nova's allocate_for_instance PUTs (nova-behavior §5.3 step 6).
public struct PortBinding: Sendable, Hashable {
    public var hostID: String
    public var deviceID: String
    /// `compute:<availability zone>`, e.g. `compute:nova`.
    public var deviceOwner: String
    /// Merged over the port's existing profile: user keys such as `trusted` are kept.
    public var profile: [String: JSON]
    /// For PFs: the PF's MAC, which the port takes on (§5.3).
    public var macAddress: String?
    /// The port's profile as the caller read it when it validated the port. The Neutron
    /// backend merges `profile` over it, as Nova merges over the port it validated, rather
    /// than reading the port again; `nil` makes it read the port first. The embedded
    /// backend merges inside its own transaction and ignores it.
    public var currentProfile: [String: JSON]?

    public init(
        hostID: String, deviceID: String, deviceOwner: String, profile: [String: JSON], macAddress: String? = nil,
        currentProfile: [String: JSON]? = nil
    ) {
        self.hostID = hostID
        self.deviceID = deviceID
        self.deviceOwner = deviceOwner
        self.profile = profile
        self.macAddress = macAddress
        self.currentProfile = currentProfile
    }

    /// The keys Nova writes into `binding:profile` on attach and removes, exactly these,
    /// on detach (`_unbind_ports`, §5.4). `capabilities` is not among them: Nova leaves it.
    public static let novaProfileKeys = [
        "pci_vendor_info", "pci_slot", "allocation", "arq_uuid", "physical_network", "card_serial_number", "vf_num",
        "pf_mac_address", "device_mac_address",
    ]
}
