/// One validated entry of `[pci] device_spec`: which host devices it selects, and the tags
/// it gives them (physical_network, trusted, remote_managed, …).
public struct DeviceSpec: Sendable, Hashable {
    /// `nil` matches any vendor / product. Four lower-case hex digits otherwise.
    public var vendorID: String?
    public var productID: String?
    /// `nil` when the spec names a devname that the host does not have: such a spec
    /// matches nothing (Nova's behaviour), rather than failing start-up.
    public var address: AddressPattern?
    public var devname: String?
    /// Every key that is not vendor_id, product_id, address or devname, boolean-like tags
    /// normalised to "true"/"false".
    public var tags: [String: TagValue]
    /// The entry as the operator wrote it, for error messages and listings.
    public var source: String

    /// Tags that live only in Placement and never become pool keys.
    public static let placementOnlyTags: Set<String> = ["resource_class", "traits"]

    public var isRemoteManaged: Bool { BooleanTag.parseLenient(tags["remote_managed"]) }

    public var physicalNetwork: TagValue? { tags["physical_network"] }

    /// Nova's `PciDeviceSpec.match`: ids, address (a PF spec also matching its VFs through
    /// their parent address), and for remote-managed specs a card serial number.
    public func matches(_ device: DiscoveredDevice, using matcher: AddressMatcher) -> Bool {
        guard let address else { return false }
        if let vendorID, vendorID != device.vendorID { return false }
        if let productID, productID != device.productID { return false }
        if isRemoteManaged, (device.cardSerialNumber ?? "").isEmpty { return false }
        return matcher.matches(address, device: device.address, parent: device.parentAddress)
    }
}
