/// A guest device as a domain's XML holds it.
public struct DomainDevice: Sendable, Hashable {
    /// The device read back from the element (MAC lower-cased, VLAN as tagged).
    public var device: GuestDevice
    /// libvirt's name for it (`hostdev0`, `net1`, or a user `ua-…` alias); live devices have
    /// one, persistent ones usually not. Detach waits for the removal event of this alias.
    public var alias: String?
    /// The element itself, as the domain holds it.
    public var xml: String

    public init(device: GuestDevice, alias: String?, xml: String) {
        self.device = device
        self.alias = alias
        self.xml = xml
    }
}
