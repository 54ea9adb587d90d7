extension GuestDevice {
    /// The checks libvirt makes when parsing the device XML, so that a bad value is refused
    /// with a message naming it instead of producing XML libvirt would reject.
    public func validate() throws(HypervisorError) {
        if let mac, !Self.isUnicastMAC(mac) {
            throw .operationFailed("XML error: \(self) needs a unicast MAC address like 52:54:00:12:34:56, got '\(mac)'")
        }
        if let vlan, !(1...4095).contains(vlan) {
            throw .operationFailed("XML error: \(self) has VLAN tag \(vlan), valid tags are 1 to 4095")
        }
        switch self {
        case .macvtap(_, let sourceDevice, _) where sourceDevice.isEmpty || sourceDevice.contains("/"):
            throw .operationFailed("XML error: \(self) needs the name of a host netdev as its source, got '\(sourceDevice)'")
        case .vdpa(_, let devicePath) where !devicePath.hasPrefix("/"):
            throw .operationFailed("XML error: \(self) needs an absolute /dev/vhost-vdpa-N path as its source, got '\(devicePath)'")
        case .bridge(_, let bridge, _, _) where !Self.isNetdevName(bridge):
            throw .operationFailed("XML error: \(self) needs the name of a host bridge as its source, got '\(bridge)'")
        case .bridge(_, _, let tap, _) where !Self.isNetdevName(tap):
            throw .operationFailed("XML error: \(self) needs a tap name of 1 to 15 characters without '/', ':' or spaces, got '\(tap)'")
        default:
            return
        }
    }

    /// The kernel's rule for an interface name (IFNAMSIZ − 1 bytes, no '/', ':' or space).
    private static func isNetdevName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 15 && name != "." && name != ".."
            && !name.contains { $0 == "/" || $0 == ":" || $0.isWhitespace }
    }

    private static func isUnicastMAC(_ text: String) -> Bool {
        let octets = text.split(separator: ":", omittingEmptySubsequences: false)
        guard octets.count == 6, octets.allSatisfy({ $0.count == 2 }) else { return false }
        let values = octets.compactMap { UInt8($0, radix: 16) }
        // The low bit of the first octet marks a multicast address, which no NIC may own.
        return values.count == 6 && values[0] & 1 == 0
    }
}
