import NetworkModel

/// An IPv4 CIDR such as `10.0.0.0/24`. Host bits are cleared on parse, as Neutron
/// normalises `10.0.0.5/24` to `10.0.0.0/24`.
public struct IPv4Network: Sendable, Hashable, CustomStringConvertible {
    public var network: IPv4Address
    public var prefixLength: Int

    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let address = IPv4Address(String(parts[0])),
            parts[1].allSatisfy(\.isNumber), let prefix = Int(parts[1]), (0...32).contains(prefix)
        else { return nil }
        prefixLength = prefix
        network = IPv4Address(address.value & Self.mask(prefix))
    }

    static func mask(_ prefix: Int) -> UInt32 {
        prefix == 0 ? 0 : UInt32.max << UInt32(32 - prefix)
    }

    public var description: String { "\(network)/\(prefixLength)" }

    public var broadcast: IPv4Address { IPv4Address(network.value | ~Self.mask(prefixLength)) }

    /// The usable host addresses: without the network and broadcast addresses (Neutron
    /// excludes both from default pools). Empty for /31 and /32.
    public var hosts: ClosedRange<IPv4Address>? {
        guard prefixLength <= 30 else { return nil }
        return IPv4Address(network.value + 1)...IPv4Address(broadcast.value - 1)
    }

    public func contains(_ address: IPv4Address) -> Bool {
        address.value & Self.mask(prefixLength) == network.value
    }

    public func overlaps(_ other: IPv4Network) -> Bool {
        contains(other.network) || other.contains(network)
    }
}
